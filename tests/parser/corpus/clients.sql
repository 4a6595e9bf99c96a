-- Statements harvested from the general log of a MariaDB 10.11 server while the mariadb CLI
-- (interactive start-up), mariadb-dump, PyMySQL and MySQLdb talked to it.

CREATE DATABASE shop;

CREATE TABLE categories (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT,
  parent_id INT UNSIGNED DEFAULT NULL,
  name VARCHAR(100) NOT NULL,
  slug VARCHAR(100) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uk_slug (slug),
  KEY idx_parent (parent_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE customers (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  email VARCHAR(255) NOT NULL,
  first_name VARCHAR(80) NOT NULL DEFAULT '',
  last_name VARCHAR(80) NOT NULL DEFAULT '',
  country CHAR(2) NOT NULL DEFAULT 'US',
  status ENUM('active','suspended','deleted') NOT NULL DEFAULT 'active',
  flags SET('vip','newsletter','beta') NOT NULL DEFAULT '',
  balance DECIMAL(12,2) NOT NULL DEFAULT 0.00,
  birth_date DATE DEFAULT NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  PRIMARY KEY (id),
  UNIQUE KEY uk_email (email),
  KEY idx_country_status (country, status)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='shop customers';

CREATE TABLE products (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT,
  category_id INT UNSIGNED NOT NULL,
  sku VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  name VARCHAR(200) NOT NULL,
  description TEXT,
  price DECIMAL(10,2) NOT NULL,
  weight_kg FLOAT DEFAULT NULL,
  rating DOUBLE DEFAULT NULL,
  stock INT NOT NULL DEFAULT 0,
  attributes LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL CHECK (json_valid(attributes)),
  is_active TINYINT(1) NOT NULL DEFAULT 1,
  image BLOB,
  released YEAR DEFAULT NULL,
  price_with_tax DECIMAL(10,2) AS (price * 1.2) VIRTUAL,
  PRIMARY KEY (id),
  UNIQUE KEY uk_sku (sku),
  KEY idx_category (category_id),
  FULLTEXT KEY ft_name_desc (name, description),
  CONSTRAINT fk_products_category FOREIGN KEY (category_id) REFERENCES categories (id) ON DELETE RESTRICT ON UPDATE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE orders (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  customer_id BIGINT UNSIGNED NOT NULL,
  status VARCHAR(20) NOT NULL DEFAULT 'new',
  total DECIMAL(12,2) NOT NULL DEFAULT 0.00,
  currency CHAR(3) NOT NULL DEFAULT 'EUR',
  note VARCHAR(500) DEFAULT NULL,
  placed_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  shipped_at DATETIME DEFAULT NULL,
  PRIMARY KEY (id),
  KEY idx_customer_placed (customer_id, placed_at),
  KEY idx_status (status),
  CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE order_items (
  order_id BIGINT UNSIGNED NOT NULL,
  line_no SMALLINT UNSIGNED NOT NULL,
  product_id INT UNSIGNED NOT NULL,
  quantity INT NOT NULL DEFAULT 1,
  unit_price DECIMAL(10,2) NOT NULL,
  discount DECIMAL(5,2) NOT NULL DEFAULT 0.00,
  PRIMARY KEY (order_id, line_no),
  KEY idx_product (product_id),
  CONSTRAINT fk_items_order FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE,
  CONSTRAINT fk_items_product FOREIGN KEY (product_id) REFERENCES products (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE payments (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  order_id BIGINT UNSIGNED NOT NULL,
  method ENUM('card','paypal','invoice') NOT NULL,
  amount DECIMAL(12,2) NOT NULL,
  paid_at TIMESTAMP NULL DEFAULT NULL,
  reference VARBINARY(64) DEFAULT NULL,
  PRIMARY KEY (id),
  KEY idx_order (order_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE reviews (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT,
  product_id INT UNSIGNED NOT NULL,
  customer_id BIGINT UNSIGNED NOT NULL,
  stars TINYINT UNSIGNED NOT NULL,
  title VARCHAR(200) NOT NULL DEFAULT '',
  body MEDIUMTEXT,
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (id),
  KEY idx_product_stars (product_id, stars)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE inventory_log (
  id BIGINT NOT NULL AUTO_INCREMENT,
  product_id INT UNSIGNED NOT NULL,
  delta INT NOT NULL,
  reason VARCHAR(40) NOT NULL,
  flags BIT(8) NOT NULL DEFAULT b'0',
  logged_at TIME NOT NULL DEFAULT '00:00:00',
  PRIMARY KEY (id)
) ENGINE=MyISAM DEFAULT CHARSET=latin1;

CREATE TABLE sbtest1 (
  id INTEGER NOT NULL AUTO_INCREMENT,
  k INTEGER DEFAULT '0' NOT NULL,
  c CHAR(120) DEFAULT '' NOT NULL,
  pad CHAR(60) DEFAULT '' NOT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB;

CREATE TABLE t_order (
  order_id BIGINT NOT NULL,
  user_id INT NOT NULL,
  status VARCHAR(45) NULL,
  PRIMARY KEY (order_id)
);

CREATE TABLE t_order_item (
  order_item_id BIGINT NOT NULL,
  order_id BIGINT NOT NULL,
  user_id INT NOT NULL,
  status VARCHAR(45) NULL,
  PRIMARY KEY (order_item_id)
);

INSERT INTO categories (id, parent_id, name, slug) VALUES (1, NULL, 'Books', 'books'), (2, 1, 'Novels', 'novels'), (3, NULL, 'Garden', 'garden');

INSERT INTO customers (id, email, first_name, last_name, country, status, flags, balance, birth_date) VALUES
  (1, 'ann@example.com', 'Ann', 'Lee', 'DE', 'active', 'vip,newsletter', 120.50, '1980-02-03'),
  (2, 'bob@example.com', 'Bob', 'O''Neil', 'US', 'suspended', '', 0.00, NULL),
  (3, 'cleo@example.com', 'Cléo', 'Martin', 'FR', 'active', 'beta', 5.25, '1995-12-31');

INSERT INTO products (id, category_id, sku, name, description, price, weight_kg, rating, stock, attributes, released) VALUES
  (1, 2, 'BK-001', 'The Long Road', 'A novel about roads', 12.99, 0.4, 4.5, 10, '{"pages": 320}', 2019),
  (2, 3, 'GD-042', 'Rake', 'Steel garden rake', 24.00, 1.8, NULL, 0, NULL, NULL),
  (3, 2, 'BK-002', 'Short Stories', NULL, 8.50, 0.3, 3.9, 100, '{"pages": 120}', 2021);

INSERT INTO orders (id, customer_id, status, total, currency, placed_at) VALUES
  (1, 1, 'paid', 37.98, 'EUR', '2024-01-05 10:00:00.000'), (2, 1, 'new', 8.50, 'EUR', '2024-02-01 09:30:00.500'),
  (3, 3, 'shipped', 24.00, 'USD', '2024-03-10 18:45:12.000');

INSERT INTO order_items (order_id, line_no, product_id, quantity, unit_price, discount) VALUES
  (1, 1, 1, 2, 12.99, 0), (1, 2, 3, 1, 8.50, 0.50), (2, 1, 3, 1, 8.50, 0), (3, 1, 2, 1, 24.00, 0);

INSERT INTO payments (order_id, method, amount, paid_at, reference) VALUES (1, 'card', 37.98, '2024-01-05 10:01:00', 0x0A0B), (3, 'paypal', 24.00, NULL, NULL);

INSERT INTO reviews (product_id, customer_id, stars, title, body) VALUES (1, 1, 5, 'Great', 'Loved it'), (1, 3, 3, 'Okay', NULL), (2, 1, 4, 'Sturdy', 'Good rake');

INSERT INTO inventory_log (product_id, delta, reason, flags) VALUES (1, 10, 'restock', b'101'), (2, -1, 'sale', b'1');

INSERT INTO sbtest1 (id, k, c, pad) VALUES (1, 5, 'c-1', 'p-1'), (2, 7, 'c-2', 'p-2'), (3, 5, 'c-3', 'p-3');

INSERT INTO t_order VALUES (1, 10, 'OK'), (2, 11, 'INIT');

INSERT INTO t_order_item VALUES (1, 1, 10, 'OK'), (2, 2, 11, 'INIT');

CREATE VIEW v_order_totals AS SELECT customer_id, SUM(total) AS total FROM orders GROUP BY customer_id;

/*!40100 SET @@SQL_MODE='' */;

/*!40103 SET TIME_ZONE='+00:00' */;

/*M!100100 SET @@MAX_STATEMENT_TIME=0.000000 */;

/*M!100100 SET WAIT_TIMEOUT=DEFAULT */;

set optimizer_switch='semijoin=off';

SELECT LOGFILE_GROUP_NAME, FILE_NAME, TOTAL_EXTENTS, INITIAL_SIZE, ENGINE, EXTRA FROM INFORMATION_SCHEMA.FILES WHERE FILE_TYPE = 'UNDO LOG' AND FILE_NAME IS NOT NULL AND LOGFILE_GROUP_NAME IS NOT NULL AND LOGFILE_GROUP_NAME IN (SELECT DISTINCT LOGFILE_GROUP_NAME FROM INFORMATION_SCHEMA.FILES WHERE FILE_TYPE = 'DATAFILE' AND TABLESPACE_NAME IN (SELECT DISTINCT TABLESPACE_NAME FROM INFORMATION_SCHEMA.PARTITIONS WHERE TABLE_SCHEMA IN ('shop'))) GROUP BY LOGFILE_GROUP_NAME, FILE_NAME, ENGINE, TOTAL_EXTENTS, INITIAL_SIZE ORDER BY LOGFILE_GROUP_NAME;

SELECT DISTINCT TABLESPACE_NAME, FILE_NAME, LOGFILE_GROUP_NAME, EXTENT_SIZE, INITIAL_SIZE, ENGINE FROM INFORMATION_SCHEMA.FILES WHERE FILE_TYPE = 'DATAFILE' AND TABLESPACE_NAME IN (SELECT DISTINCT TABLESPACE_NAME FROM INFORMATION_SCHEMA.PARTITIONS WHERE TABLE_SCHEMA IN ('shop')) ORDER BY TABLESPACE_NAME, LOGFILE_GROUP_NAME;

set optimizer_switch=default;

SHOW CREATE DATABASE IF NOT EXISTS `shop`;

SHOW FULL TABLES;

LOCK TABLES `categories` READ /*!32311 LOCAL */,`customers` READ /*!32311 LOCAL */,`inventory_log` READ /*!32311 LOCAL */,`order_items` READ /*!32311 LOCAL */,`orders` READ /*!32311 LOCAL */,`payments` READ /*!32311 LOCAL */,`products` READ /*!32311 LOCAL */,`reviews` READ /*!32311 LOCAL */,`sbtest1` READ /*!32311 LOCAL */,`t_order` READ /*!32311 LOCAL */,`t_order_item` READ /*!32311 LOCAL */,`v_order_totals` READ /*!32311 LOCAL */;

SELECT engine, table_type FROM INFORMATION_SCHEMA.TABLES WHERE table_schema = DATABASE() AND table_name = 'categories';

SET SQL_QUOTE_SHOW_CREATE=1;

SET SESSION character_set_results = 'binary';

show create table `categories`;

SET SESSION character_set_results = 'utf8mb4';

select column_name, extra, generation_expression, data_type from information_schema.columns where table_schema=database() and table_name='categories' order by ordinal_position;

SELECT /*!40001 SQL_NO_CACHE */ `id`, `parent_id`, `name`, `slug` FROM `categories`;

select @@collation_database;

SELECT TRIGGER_NAME FROM INFORMATION_SCHEMA.TRIGGERS WHERE EVENT_OBJECT_SCHEMA = DATABASE() AND EVENT_OBJECT_TABLE = 'categories';

SELECT engine, table_type FROM INFORMATION_SCHEMA.TABLES WHERE table_schema = DATABASE() AND table_name = 'customers';

show create table `customers`;

select column_name, extra, generation_expression, data_type from information_schema.columns where table_schema=database() and table_name='customers' order by ordinal_position;

SELECT /*!40001 SQL_NO_CACHE */ `id`, `email`, `first_name`, `last_name`, `country`, `status`, `flags`, `balance`, `birth_date`, `created_at`, `updated_at` FROM `customers`;

SELECT TRIGGER_NAME FROM INFORMATION_SCHEMA.TRIGGERS WHERE EVENT_OBJECT_SCHEMA = DATABASE() AND EVENT_OBJECT_TABLE = 'customers';

show create table `inventory_log`;

SELECT /*!40001 SQL_NO_CACHE */ `id`, `product_id`, `delta`, `reason`, `flags`, `logged_at` FROM `inventory_log`;

show create table `order_items`;

SELECT /*!40001 SQL_NO_CACHE */ `order_id`, `line_no`, `product_id`, `quantity`, `unit_price`, `discount` FROM `order_items`;

show create table `orders`;

SELECT /*!40001 SQL_NO_CACHE */ `id`, `customer_id`, `status`, `total`, `currency`, `note`, `placed_at`, `shipped_at` FROM `orders`;

show create table `payments`;

SELECT /*!40001 SQL_NO_CACHE */ `id`, `order_id`, `method`, `amount`, `paid_at`, `reference` FROM `payments`;

show create table `products`;

SELECT /*!40001 SQL_NO_CACHE */ `id`, `category_id`, `sku`, `name`, `description`, `price`, `weight_kg`, `rating`, `stock`, `attributes`, `is_active`, `image`, `released`, `price_with_tax` FROM `products`;

show create table `reviews`;

SELECT /*!40001 SQL_NO_CACHE */ `id`, `product_id`, `customer_id`, `stars`, `title`, `body`, `created_at` FROM `reviews`;

show create table `sbtest1`;

SELECT /*!40001 SQL_NO_CACHE */ `id`, `k`, `c`, `pad` FROM `sbtest1`;

show create table `t_order`;

SELECT /*!40001 SQL_NO_CACHE */ `order_id`, `user_id`, `status` FROM `t_order`;

show create table `t_order_item`;

SELECT /*!40001 SQL_NO_CACHE */ `order_item_id`, `order_id`, `user_id`, `status` FROM `t_order_item`;

show create table `v_order_totals`;

SHOW FIELDS FROM `v_order_totals`;

LOCK TABLES mysql.proc READ;

SHOW FUNCTION STATUS WHERE Db = 'shop';

SHOW PROCEDURE STATUS WHERE Db = 'shop';

SHOW PACKAGE STATUS WHERE Db = 'shop';

SHOW PACKAGE BODY STATUS WHERE Db = 'shop';

UNLOCK TABLES;

SHOW CREATE TABLE `categories`;

SHOW CREATE TABLE `customers`;

SHOW CREATE TABLE `inventory_log`;

SHOW CREATE TABLE `order_items`;

SHOW CREATE TABLE `orders`;

SHOW CREATE TABLE `payments`;

SHOW CREATE TABLE `products`;

SHOW CREATE TABLE `reviews`;

SHOW CREATE TABLE `sbtest1`;

SHOW CREATE TABLE `t_order`;

SHOW CREATE TABLE `t_order_item`;

SHOW CREATE TABLE `v_order_totals`;

SELECT CHECK_OPTION, DEFINER, SECURITY_TYPE,        CHARACTER_SET_CLIENT, COLLATION_CONNECTION FROM information_schema.views WHERE table_name='v_order_totals' AND table_schema='shop';

SELECT LOGFILE_GROUP_NAME, FILE_NAME, TOTAL_EXTENTS, INITIAL_SIZE, ENGINE, EXTRA FROM INFORMATION_SCHEMA.FILES WHERE FILE_TYPE = 'UNDO LOG' AND FILE_NAME IS NOT NULL AND LOGFILE_GROUP_NAME IS NOT NULL AND LOGFILE_GROUP_NAME IN (SELECT DISTINCT LOGFILE_GROUP_NAME FROM INFORMATION_SCHEMA.FILES WHERE FILE_TYPE = 'DATAFILE' AND TABLESPACE_NAME IN (SELECT DISTINCT TABLESPACE_NAME FROM INFORMATION_SCHEMA.PARTITIONS WHERE TABLE_SCHEMA='shop' AND TABLE_NAME IN ('products','orders'))) GROUP BY LOGFILE_GROUP_NAME, FILE_NAME, ENGINE, TOTAL_EXTENTS, INITIAL_SIZE ORDER BY LOGFILE_GROUP_NAME;

SELECT DISTINCT TABLESPACE_NAME, FILE_NAME, LOGFILE_GROUP_NAME, EXTENT_SIZE, INITIAL_SIZE, ENGINE FROM INFORMATION_SCHEMA.FILES WHERE FILE_TYPE = 'DATAFILE' AND TABLESPACE_NAME IN (SELECT DISTINCT TABLESPACE_NAME FROM INFORMATION_SCHEMA.PARTITIONS WHERE TABLE_SCHEMA='shop' AND TABLE_NAME IN ('products','orders')) ORDER BY TABLESPACE_NAME, LOGFILE_GROUP_NAME;

SHOW VARIABLES LIKE 'lower_case_table_names';

SELECT table_name FROM INFORMATION_SCHEMA.TABLES WHERE table_schema = DATABASE() AND table_name = 'products';

SELECT table_name FROM INFORMATION_SCHEMA.TABLES WHERE table_schema = DATABASE() AND table_name = 'orders';

LOCK TABLES `products` READ /*!32311 LOCAL */,`orders` READ /*!32311 LOCAL */;

SELECT LOGFILE_GROUP_NAME, FILE_NAME, TOTAL_EXTENTS, INITIAL_SIZE, ENGINE, EXTRA FROM INFORMATION_SCHEMA.FILES WHERE FILE_TYPE = 'UNDO LOG' AND FILE_NAME IS NOT NULL AND LOGFILE_GROUP_NAME IS NOT NULL AND LOGFILE_GROUP_NAME IN (SELECT DISTINCT LOGFILE_GROUP_NAME FROM INFORMATION_SCHEMA.FILES WHERE FILE_TYPE = 'DATAFILE' AND TABLESPACE_NAME IN (SELECT DISTINCT TABLESPACE_NAME FROM INFORMATION_SCHEMA.PARTITIONS WHERE TABLE_SCHEMA='shop' AND TABLE_NAME IN ('customers'))) GROUP BY LOGFILE_GROUP_NAME, FILE_NAME, ENGINE, TOTAL_EXTENTS, INITIAL_SIZE ORDER BY LOGFILE_GROUP_NAME;

SELECT DISTINCT TABLESPACE_NAME, FILE_NAME, LOGFILE_GROUP_NAME, EXTENT_SIZE, INITIAL_SIZE, ENGINE FROM INFORMATION_SCHEMA.FILES WHERE FILE_TYPE = 'DATAFILE' AND TABLESPACE_NAME IN (SELECT DISTINCT TABLESPACE_NAME FROM INFORMATION_SCHEMA.PARTITIONS WHERE TABLE_SCHEMA='shop' AND TABLE_NAME IN ('customers')) ORDER BY TABLESPACE_NAME, LOGFILE_GROUP_NAME;

LOCK TABLES `customers` READ /*!32311 LOCAL */;

SELECT LOGFILE_GROUP_NAME, FILE_NAME, TOTAL_EXTENTS, INITIAL_SIZE, ENGINE, EXTRA FROM INFORMATION_SCHEMA.FILES WHERE FILE_TYPE = 'UNDO LOG' AND FILE_NAME IS NOT NULL AND LOGFILE_GROUP_NAME IS NOT NULL AND LOGFILE_GROUP_NAME IN (SELECT DISTINCT LOGFILE_GROUP_NAME FROM INFORMATION_SCHEMA.FILES WHERE FILE_TYPE = 'DATAFILE' AND TABLESPACE_NAME IN (SELECT DISTINCT TABLESPACE_NAME FROM INFORMATION_SCHEMA.PARTITIONS WHERE TABLE_SCHEMA='shop' AND TABLE_NAME IN ('payments'))) GROUP BY LOGFILE_GROUP_NAME, FILE_NAME, ENGINE, TOTAL_EXTENTS, INITIAL_SIZE ORDER BY LOGFILE_GROUP_NAME;

SELECT DISTINCT TABLESPACE_NAME, FILE_NAME, LOGFILE_GROUP_NAME, EXTENT_SIZE, INITIAL_SIZE, ENGINE FROM INFORMATION_SCHEMA.FILES WHERE FILE_TYPE = 'DATAFILE' AND TABLESPACE_NAME IN (SELECT DISTINCT TABLESPACE_NAME FROM INFORMATION_SCHEMA.PARTITIONS WHERE TABLE_SCHEMA='shop' AND TABLE_NAME IN ('payments')) ORDER BY TABLESPACE_NAME, LOGFILE_GROUP_NAME;

LOCK TABLES `payments` READ /*!32311 LOCAL */;

show databases;

SELECT DATABASE();

show tables;

select * from customers limit 2;

select DATABASE(), USER() limit 1;

select @@version_comment limit 1;

select @@character_set_client, @@character_set_connection, @@character_set_server, @@character_set_database limit 1;

help 'contents';

SET AUTOCOMMIT = 0;

SELECT VERSION();

SELECT id, email FROM customers WHERE id = 1;

SELECT id, email FROM customers WHERE email = 'o\'hara@example.com' AND status = 'active';

SELECT * FROM orders WHERE customer_id IN (1, 2, 3) AND placed_at >= '2024-01-01 00:00:00';

SELECT * FROM products WHERE price BETWEEN 5.00 AND 50.00 ORDER BY price DESC LIMIT 10;

UPDATE customers SET balance = balance + 1.50 WHERE id = 1;

INSERT INTO reviews (product_id, customer_id, stars, title, body) VALUES (1, 2, 4, 'nice', NULL),(3, 1, 2, 'meh \\ \"quoted\"', 'line1\nline2');

INSERT INTO inventory_log (product_id, delta, reason) VALUES (1, 5, 'restock') ON DUPLICATE KEY UPDATE delta = delta + VALUES(delta);

DELETE FROM reviews WHERE title = 'nice';

SELECT COUNT(*) FROM orders WHERE note IS NULL;

SELECT '\0bin', 1, NULL;

ROLLBACK;

SET AUTOCOMMIT = 1;

SHOW WARNINGS;

SET autocommit=0;

SET autocommit=1;
