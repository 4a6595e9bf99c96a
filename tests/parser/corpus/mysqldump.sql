-- Output of mariadb-dump 10.19 (MariaDB 10.11) over tests/parser/schema.sql: --databases with
-- routines and triggers, --skip-extended-insert --complete-insert, --no-create-info
-- --insert-ignore, --replace --compact.

/*M!999999\- enable the sandbox mode */ 
-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)
--
-- Host: 127.0.0.1    Database: shop
-- ------------------------------------------------------
-- Server version	10.11.19-MariaDB-0+deb12u1

/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;

/*!40101 SET @OLD_CHARACTER_SET_RESULTS=@@CHARACTER_SET_RESULTS */;

/*!40101 SET @OLD_COLLATION_CONNECTION=@@COLLATION_CONNECTION */;

/*!40101 SET NAMES utf8mb4 */;

/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;

/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;

/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;

/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;

/*!40111 SET @OLD_SQL_NOTES=@@SQL_NOTES, SQL_NOTES=0 */;

--
-- Current Database: `shop`
--

CREATE DATABASE /*!32312 IF NOT EXISTS*/ `shop` /*!40100 DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci */;

USE `shop`;

--
-- Table structure for table `categories`
--

DROP TABLE IF EXISTS `categories`;

/*!40101 SET @saved_cs_client     = @@character_set_client */;

/*!40101 SET character_set_client = utf8mb4 */;

CREATE TABLE `categories` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `parent_id` int(10) unsigned DEFAULT NULL,
  `name` varchar(100) NOT NULL,
  `slug` varchar(100) NOT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `uk_slug` (`slug`),
  KEY `idx_parent` (`parent_id`)
) ENGINE=InnoDB AUTO_INCREMENT=4 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `categories`
--

LOCK TABLES `categories` WRITE;

/*!40000 ALTER TABLE `categories` DISABLE KEYS */;

INSERT INTO `categories` VALUES
(1,NULL,'Books','books'),
(2,1,'Novels','novels'),
(3,NULL,'Garden','garden');

/*!40000 ALTER TABLE `categories` ENABLE KEYS */;

--
-- Table structure for table `customers`
--

DROP TABLE IF EXISTS `customers`;

CREATE TABLE `customers` (
  `id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  `email` varchar(255) NOT NULL,
  `first_name` varchar(80) NOT NULL DEFAULT '',
  `last_name` varchar(80) NOT NULL DEFAULT '',
  `country` char(2) NOT NULL DEFAULT 'US',
  `status` enum('active','suspended','deleted') NOT NULL DEFAULT 'active',
  `flags` set('vip','newsletter','beta') NOT NULL DEFAULT '',
  `balance` decimal(12,2) NOT NULL DEFAULT 0.00,
  `birth_date` date DEFAULT NULL,
  `created_at` datetime NOT NULL DEFAULT current_timestamp(),
  `updated_at` timestamp NOT NULL DEFAULT current_timestamp() ON UPDATE current_timestamp(),
  PRIMARY KEY (`id`),
  UNIQUE KEY `uk_email` (`email`),
  KEY `idx_country_status` (`country`,`status`)
) ENGINE=InnoDB AUTO_INCREMENT=4 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci COMMENT='shop customers';

--
-- Dumping data for table `customers`
--

LOCK TABLES `customers` WRITE;

/*!40000 ALTER TABLE `customers` DISABLE KEYS */;

INSERT INTO `customers` VALUES
(1,'ann@example.com','Ann','Lee','DE','active','vip,newsletter',120.50,'1980-02-03','2026-11-25 08:45:47','2026-11-25 08:45:47'),
(2,'bob@example.com','Bob','O\'Neil','US','suspended','',0.00,NULL,'2026-11-25 08:45:47','2026-11-25 08:45:47'),
(3,'cleo@example.com','Cléo','Martin','FR','active','beta',5.25,'1995-12-31','2026-11-25 08:45:47','2026-11-25 08:45:47');

/*!40000 ALTER TABLE `customers` ENABLE KEYS */;

--
-- Table structure for table `inventory_log`
--

DROP TABLE IF EXISTS `inventory_log`;

CREATE TABLE `inventory_log` (
  `id` bigint(20) NOT NULL AUTO_INCREMENT,
  `product_id` int(10) unsigned NOT NULL,
  `delta` int(11) NOT NULL,
  `reason` varchar(40) NOT NULL,
  `flags` bit(8) NOT NULL DEFAULT b'0',
  `logged_at` time NOT NULL DEFAULT '00:00:00',
  PRIMARY KEY (`id`)
) ENGINE=MyISAM AUTO_INCREMENT=3 DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;

--
-- Dumping data for table `inventory_log`
--

LOCK TABLES `inventory_log` WRITE;

/*!40000 ALTER TABLE `inventory_log` DISABLE KEYS */;

INSERT INTO `inventory_log` VALUES
(1,1,10,'restock','','00:00:00'),
(2,2,-1,'sale','','00:00:00');

/*!40000 ALTER TABLE `inventory_log` ENABLE KEYS */;

--
-- Table structure for table `order_items`
--

DROP TABLE IF EXISTS `order_items`;

CREATE TABLE `order_items` (
  `order_id` bigint(20) unsigned NOT NULL,
  `line_no` smallint(5) unsigned NOT NULL,
  `product_id` int(10) unsigned NOT NULL,
  `quantity` int(11) NOT NULL DEFAULT 1,
  `unit_price` decimal(10,2) NOT NULL,
  `discount` decimal(5,2) NOT NULL DEFAULT 0.00,
  PRIMARY KEY (`order_id`,`line_no`),
  KEY `idx_product` (`product_id`),
  CONSTRAINT `fk_items_order` FOREIGN KEY (`order_id`) REFERENCES `orders` (`id`) ON DELETE CASCADE,
  CONSTRAINT `fk_items_product` FOREIGN KEY (`product_id`) REFERENCES `products` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

--
-- Dumping data for table `order_items`
--

LOCK TABLES `order_items` WRITE;

/*!40000 ALTER TABLE `order_items` DISABLE KEYS */;

INSERT INTO `order_items` VALUES
(1,1,1,2,12.99,0.00),
(1,2,3,1,8.50,0.50),
(2,1,3,1,8.50,0.00),
(3,1,2,1,24.00,0.00);

/*!40000 ALTER TABLE `order_items` ENABLE KEYS */;

--
-- Table structure for table `orders`
--

DROP TABLE IF EXISTS `orders`;

CREATE TABLE `orders` (
  `id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  `customer_id` bigint(20) unsigned NOT NULL,
  `status` varchar(20) NOT NULL DEFAULT 'new',
  `total` decimal(12,2) NOT NULL DEFAULT 0.00,
  `currency` char(3) NOT NULL DEFAULT 'EUR',
  `note` varchar(500) DEFAULT NULL,
  `placed_at` datetime(3) NOT NULL DEFAULT current_timestamp(3),
  `shipped_at` datetime DEFAULT NULL,
  PRIMARY KEY (`id`),
  KEY `idx_customer_placed` (`customer_id`,`placed_at`),
  KEY `idx_status` (`status`),
  CONSTRAINT `fk_orders_customer` FOREIGN KEY (`customer_id`) REFERENCES `customers` (`id`)
) ENGINE=InnoDB AUTO_INCREMENT=4 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

--
-- Dumping data for table `orders`
--

LOCK TABLES `orders` WRITE;

/*!40000 ALTER TABLE `orders` DISABLE KEYS */;

INSERT INTO `orders` VALUES
(1,1,'paid',37.98,'EUR',NULL,'2024-01-05 10:00:00.000',NULL),
(2,1,'new',8.50,'EUR',NULL,'2024-02-01 09:30:00.500',NULL),
(3,3,'shipped',24.00,'USD',NULL,'2024-03-10 18:45:12.000',NULL);

/*!40000 ALTER TABLE `orders` ENABLE KEYS */;

--
-- Table structure for table `payments`
--

DROP TABLE IF EXISTS `payments`;

CREATE TABLE `payments` (
  `id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  `order_id` bigint(20) unsigned NOT NULL,
  `method` enum('card','paypal','invoice') NOT NULL,
  `amount` decimal(12,2) NOT NULL,
  `paid_at` timestamp NULL DEFAULT NULL,
  `reference` varbinary(64) DEFAULT NULL,
  PRIMARY KEY (`id`),
  KEY `idx_order` (`order_id`)
) ENGINE=InnoDB AUTO_INCREMENT=3 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

--
-- Dumping data for table `payments`
--

LOCK TABLES `payments` WRITE;

/*!40000 ALTER TABLE `payments` DISABLE KEYS */;

INSERT INTO `payments` VALUES
(1,1,'card',37.98,'2024-01-05 10:01:00','\n'),
(2,3,'paypal',24.00,NULL,NULL);

/*!40000 ALTER TABLE `payments` ENABLE KEYS */;

--
-- Table structure for table `products`
--

DROP TABLE IF EXISTS `products`;

CREATE TABLE `products` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `category_id` int(10) unsigned NOT NULL,
  `sku` varchar(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  `name` varchar(200) NOT NULL,
  `description` text DEFAULT NULL,
  `price` decimal(10,2) NOT NULL,
  `weight_kg` float DEFAULT NULL,
  `rating` double DEFAULT NULL,
  `stock` int(11) NOT NULL DEFAULT 0,
  `attributes` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL CHECK (json_valid(`attributes`)),
  `is_active` tinyint(1) NOT NULL DEFAULT 1,
  `image` blob DEFAULT NULL,
  `released` year(4) DEFAULT NULL,
  `price_with_tax` decimal(10,2) GENERATED ALWAYS AS (`price` * 1.2) VIRTUAL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `uk_sku` (`sku`),
  KEY `idx_category` (`category_id`),
  FULLTEXT KEY `ft_name_desc` (`name`,`description`),
  CONSTRAINT `fk_products_category` FOREIGN KEY (`category_id`) REFERENCES `categories` (`id`) ON UPDATE CASCADE
) ENGINE=InnoDB AUTO_INCREMENT=4 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

--
-- Dumping data for table `products`
--

LOCK TABLES `products` WRITE;

/*!40000 ALTER TABLE `products` DISABLE KEYS */;

INSERT INTO `products` VALUES
(1,2,'BK-001','The Long Road','A novel about roads',12.99,0.4,4.5,10,'{\"pages\": 320}',1,NULL,2019,15.59),
(2,3,'GD-042','Rake','Steel garden rake',24.00,1.8,NULL,0,NULL,1,NULL,NULL,28.80),
(3,2,'BK-002','Short Stories',NULL,8.50,0.3,3.9,100,'{\"pages\": 120}',1,NULL,2021,10.20);

/*!40000 ALTER TABLE `products` ENABLE KEYS */;

--
-- Table structure for table `reviews`
--

DROP TABLE IF EXISTS `reviews`;

CREATE TABLE `reviews` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `product_id` int(10) unsigned NOT NULL,
  `customer_id` bigint(20) unsigned NOT NULL,
  `stars` tinyint(3) unsigned NOT NULL,
  `title` varchar(200) NOT NULL DEFAULT '',
  `body` mediumtext DEFAULT NULL,
  `created_at` timestamp NOT NULL DEFAULT current_timestamp(),
  PRIMARY KEY (`id`),
  KEY `idx_product_stars` (`product_id`,`stars`)
) ENGINE=InnoDB AUTO_INCREMENT=4 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

--
-- Dumping data for table `reviews`
--

LOCK TABLES `reviews` WRITE;

/*!40000 ALTER TABLE `reviews` DISABLE KEYS */;

INSERT INTO `reviews` VALUES
(1,1,1,5,'Great','Loved it','2026-11-25 08:45:47'),
(2,1,3,3,'Okay',NULL,'2026-11-25 08:45:47'),
(3,2,1,4,'Sturdy','Good rake','2026-11-25 08:45:47');

/*!40000 ALTER TABLE `reviews` ENABLE KEYS */;

--
-- Table structure for table `sbtest1`
--

DROP TABLE IF EXISTS `sbtest1`;

CREATE TABLE `sbtest1` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `k` int(11) NOT NULL DEFAULT 0,
  `c` char(120) NOT NULL DEFAULT '',
  `pad` char(60) NOT NULL DEFAULT '',
  PRIMARY KEY (`id`),
  KEY `k_1` (`k`)
) ENGINE=InnoDB AUTO_INCREMENT=4 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

--
-- Dumping data for table `sbtest1`
--

LOCK TABLES `sbtest1` WRITE;

/*!40000 ALTER TABLE `sbtest1` DISABLE KEYS */;

INSERT INTO `sbtest1` VALUES
(1,5,'c-1','p-1'),
(2,7,'c-2','p-2'),
(3,5,'c-3','p-3');

/*!40000 ALTER TABLE `sbtest1` ENABLE KEYS */;

--
-- Table structure for table `t_order`
--

DROP TABLE IF EXISTS `t_order`;

CREATE TABLE `t_order` (
  `order_id` bigint(20) NOT NULL,
  `user_id` int(11) NOT NULL,
  `status` varchar(45) DEFAULT NULL,
  PRIMARY KEY (`order_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

--
-- Dumping data for table `t_order`
--

LOCK TABLES `t_order` WRITE;

/*!40000 ALTER TABLE `t_order` DISABLE KEYS */;

INSERT INTO `t_order` VALUES
(1,10,'OK'),
(2,11,'INIT');

/*!40000 ALTER TABLE `t_order` ENABLE KEYS */;

--
-- Table structure for table `t_order_item`
--

DROP TABLE IF EXISTS `t_order_item`;

CREATE TABLE `t_order_item` (
  `order_item_id` bigint(20) NOT NULL,
  `order_id` bigint(20) NOT NULL,
  `user_id` int(11) NOT NULL,
  `status` varchar(45) DEFAULT NULL,
  PRIMARY KEY (`order_item_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

--
-- Dumping data for table `t_order_item`
--

LOCK TABLES `t_order_item` WRITE;

/*!40000 ALTER TABLE `t_order_item` DISABLE KEYS */;

INSERT INTO `t_order_item` VALUES
(1,1,10,'OK'),
(2,2,11,'INIT');

/*!40000 ALTER TABLE `t_order_item` ENABLE KEYS */;

--
-- Temporary table structure for view `v_order_totals`
--

DROP TABLE IF EXISTS `v_order_totals`;

/*!50001 DROP VIEW IF EXISTS `v_order_totals`*/;

SET @saved_cs_client     = @@character_set_client;

SET character_set_client = utf8mb4;

/*!50001 CREATE VIEW `v_order_totals` AS SELECT
 NULL AS `customer_id`,
 NULL AS `total` */;

SET character_set_client = @saved_cs_client;

--
-- Dumping routines for database 'shop'
--

--
-- Current Database: `shop`
--

USE `shop`;

--
-- Final view structure for view `v_order_totals`
--

/*!50001 DROP VIEW IF EXISTS `v_order_totals`*/;

/*!50001 SET @saved_cs_client          = @@character_set_client */;

/*!50001 SET @saved_cs_results         = @@character_set_results */;

/*!50001 SET @saved_col_connection     = @@collation_connection */;

/*!50001 SET character_set_client      = utf8mb3 */;

/*!50001 SET character_set_results     = utf8mb3 */;

/*!50001 SET collation_connection      = utf8mb3_general_ci */;

/*!50001 CREATE ALGORITHM=UNDEFINED */
/*!50013 DEFINER=`root`@`127.0.0.1` SQL SECURITY DEFINER */
/*!50001 VIEW `v_order_totals` AS select `orders`.`customer_id` AS `customer_id`,sum(`orders`.`total`) AS `total` from `orders` group by `orders`.`customer_id` */;

/*!50001 SET character_set_client      = @saved_cs_client */;

/*!50001 SET character_set_results     = @saved_cs_results */;

/*!50001 SET collation_connection      = @saved_col_connection */;

/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;

/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;

/*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */;

/*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */;

/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;

/*!40101 SET CHARACTER_SET_RESULTS=@OLD_CHARACTER_SET_RESULTS */;

/*!40101 SET COLLATION_CONNECTION=@OLD_COLLATION_CONNECTION */;

/*!40111 SET SQL_NOTES=@OLD_SQL_NOTES */;

INSERT INTO `products` (`id`, `category_id`, `sku`, `name`, `description`, `price`, `weight_kg`, `rating`, `stock`, `attributes`, `is_active`, `image`, `released`, `price_with_tax`) VALUES (1,2,'BK-001','The Long Road','A novel about roads',12.99,0.4,4.5,10,'{\"pages\": 320}',1,NULL,2019,15.59);

INSERT INTO `products` (`id`, `category_id`, `sku`, `name`, `description`, `price`, `weight_kg`, `rating`, `stock`, `attributes`, `is_active`, `image`, `released`, `price_with_tax`) VALUES (2,3,'GD-042','Rake','Steel garden rake',24.00,1.8,NULL,0,NULL,1,NULL,NULL,28.80);

INSERT INTO `products` (`id`, `category_id`, `sku`, `name`, `description`, `price`, `weight_kg`, `rating`, `stock`, `attributes`, `is_active`, `image`, `released`, `price_with_tax`) VALUES (3,2,'BK-002','Short Stories',NULL,8.50,0.3,3.9,100,'{\"pages\": 120}',1,NULL,2021,10.20);

INSERT INTO `orders` (`id`, `customer_id`, `status`, `total`, `currency`, `note`, `placed_at`, `shipped_at`) VALUES (1,1,'paid',37.98,'EUR',NULL,'2024-01-05 10:00:00.000',NULL);

INSERT INTO `orders` (`id`, `customer_id`, `status`, `total`, `currency`, `note`, `placed_at`, `shipped_at`) VALUES (2,1,'new',8.50,'EUR',NULL,'2024-02-01 09:30:00.500',NULL);

INSERT INTO `orders` (`id`, `customer_id`, `status`, `total`, `currency`, `note`, `placed_at`, `shipped_at`) VALUES (3,3,'shipped',24.00,'USD',NULL,'2024-03-10 18:45:12.000',NULL);

INSERT IGNORE INTO `customers` VALUES
(1,'ann@example.com','Ann','Lee','DE','active','vip,newsletter',120.50,'1980-02-03','2026-11-25 08:45:47','2026-11-25 08:45:47'),
(2,'bob@example.com','Bob','O\'Neil','US','suspended','',0.00,NULL,'2026-11-25 08:45:47','2026-11-25 08:45:47'),
(3,'cleo@example.com','Cléo','Martin','FR','active','beta',5.25,'1995-12-31','2026-11-25 08:45:47','2026-11-25 08:45:47');

/*M!999999\- enable the sandbox mode */ 
/*!40101 SET @saved_cs_client     = @@character_set_client */;

REPLACE INTO `payments` VALUES
(1,1,'card',37.98,'2024-01-05 10:01:00','\n'),
(2,3,'paypal',24.00,NULL,NULL);
