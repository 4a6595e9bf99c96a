-- Statements in the shapes ORMs and drivers emit: SQLAlchemy (anon labels, table-qualified
-- columns), Django (backticked qualified names, LIMIT 21), Hibernate/JPA (aliases like c1_0),
-- ActiveRecord, PyMySQL/MySQLdb connection set-up, connection pools' health checks.

SELECT @@sql_mode;

SELECT @@lower_case_table_names;

SELECT CAST('test plain returns' AS CHAR(60)) AS anon_1;

SELECT CAST('test unicode returns' AS CHAR(60)) AS anon_1;

SELECT CAST('test collated returns' AS CHAR CHARACTER SET utf8mb4) COLLATE utf8mb4_bin AS anon_1;

SHOW VARIABLES LIKE 'sql_mode';

SHOW VARIABLES LIKE 'lower_case_table_names';

SHOW COLLATION;

SHOW CHARACTER SET;

SELECT DATABASE();

SHOW CREATE TABLE `orders`;

SHOW FULL TABLES FROM `shop`;

SHOW FULL COLUMNS FROM `orders` FROM `shop`;

SHOW INDEX FROM `orders`;

SHOW INDEX FROM orders FROM shop;

SHOW KEYS FROM orders WHERE Key_name = 'PRIMARY';

SELECT customers.id AS customers_id, customers.email AS customers_email, customers.first_name AS customers_first_name FROM customers WHERE customers.id = 1;

SELECT customers.id AS customers_id, customers.email AS customers_email FROM customers WHERE customers.email = 'ann@example.com' LIMIT 1;

SELECT orders.id AS orders_id, orders.customer_id AS orders_customer_id, orders.total AS orders_total FROM orders WHERE orders.customer_id IN (1, 3) ORDER BY orders.id;

SELECT count(*) AS count_1 FROM (SELECT orders.id AS orders_id, orders.status AS orders_status FROM orders WHERE orders.status = 'paid') AS anon_1;

SELECT anon_1.orders_id AS anon_1_orders_id FROM (SELECT orders.id AS orders_id FROM orders ORDER BY orders.placed_at DESC LIMIT 5) AS anon_1;

SELECT products.id AS products_id, categories_1.id AS categories_1_id, categories_1.name AS categories_1_name FROM products LEFT OUTER JOIN categories AS categories_1 ON categories_1.id = products.category_id WHERE products.id = 1;

INSERT INTO customers (email, first_name, last_name, country, status, flags, balance, birth_date) VALUES ('f@example.com', 'F', 'G', 'IT', 'active', '', 0, NULL);

UPDATE customers SET balance=12.5, updated_at=CURRENT_TIMESTAMP WHERE customers.id = 3;

DELETE FROM reviews WHERE reviews.id = 1000;

SELECT `customers`.`id`, `customers`.`email`, `customers`.`first_name` FROM `customers` WHERE `customers`.`id` = 1 LIMIT 21;

SELECT `orders`.`id`, `orders`.`total` FROM `orders` INNER JOIN `customers` ON (`orders`.`customer_id` = `customers`.`id`) WHERE `customers`.`country` = 'DE' ORDER BY `orders`.`placed_at` DESC;

SELECT (1) AS `a` FROM `customers` WHERE `customers`.`email` = 'x@example.com' LIMIT 1;

SELECT COUNT(*) AS `__count` FROM `orders` WHERE `orders`.`status` IN ('new', 'paid');

INSERT INTO `reviews` (`product_id`, `customer_id`, `stars`, `title`, `body`, `created_at`) VALUES (3, 1, 5, 'x', NULL, '2024-05-01 10:00:00');

UPDATE `products` SET `stock` = (`products`.`stock` - 1) WHERE `products`.`id` = 3;

DELETE FROM `reviews` WHERE `reviews`.`id` IN (1001, 1002);

SELECT c1_0.id, c1_0.email, c1_0.first_name FROM customers c1_0 WHERE c1_0.id=?;

SELECT o1_0.id, o1_0.customer_id, o1_0.total FROM orders o1_0 WHERE o1_0.customer_id=? ORDER BY o1_0.placed_at DESC LIMIT ?;

SELECT o1_0.id FROM orders o1_0 LIMIT ?, ?;

INSERT INTO orders (currency, customer_id, note, placed_at, shipped_at, status, total) VALUES (?, ?, ?, ?, ?, ?, ?);

UPDATE orders SET status=?, total=? WHERE id=?;

DELETE FROM order_items WHERE order_id=? AND line_no=?;

SELECT next_val AS id_val FROM hibernate_sequence FOR UPDATE;

SELECT `products`.* FROM `products` WHERE `products`.`id` = 1 LIMIT 1;

SELECT `products`.* FROM `products` WHERE `products`.`category_id` IN (2, 3);

SELECT 1 AS one FROM `customers` WHERE `customers`.`email` = BINARY 'ann@example.com' LIMIT 1;

SELECT 1;

SELECT 1 FROM DUAL;

/* ping */ SELECT 1;

/* ApplicationName=DBeaver */ SELECT 1;

SET NAMES utf8mb4;

SET NAMES 'utf8mb4' COLLATE 'utf8mb4_unicode_ci';

SET NAMES utf8mb4 COLLATE utf8mb4_general_ci;

SET NAMES DEFAULT;

SET CHARACTER SET utf8mb4;

SET CHARSET latin1;

SET autocommit=0;

SET autocommit = 1;

SET AUTOCOMMIT = ON;

SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED;

SET TRANSACTION ISOLATION LEVEL REPEATABLE READ;

SET GLOBAL TRANSACTION ISOLATION LEVEL SERIALIZABLE, READ WRITE;

SET TRANSACTION READ ONLY;

SET SESSION sql_mode = 'STRICT_TRANS_TABLES,NO_ZERO_DATE';

SET @@session.sql_mode = CONCAT(@@sql_mode, ',ANSI_QUOTES');

SET sql_mode = (SELECT REPLACE(@@sql_mode, 'ONLY_FULL_GROUP_BY', ''));

SET @@SESSION.time_zone = '+00:00', @@session.wait_timeout = 28800;

SET GLOBAL max_connections = 500;

SET LOCAL net_write_timeout = 60;

SET SESSION max_statement_time = 1.5;

SET @x = 1, @y := 'two', @z = NULL;

SET @ids = (SELECT GROUP_CONCAT(id) FROM orders);

SET time_zone = SYSTEM;

SET sql_safe_updates = DEFAULT;

SET foreign_key_checks = OFF;

SET PASSWORD = PASSWORD('secret');

SET ROLE NONE;

SET STATEMENT max_statement_time = 10 FOR SELECT * FROM orders;

SELECT GET_LOCK('job-42', 10);

SELECT RELEASE_LOCK('job-42');

SELECT IS_FREE_LOCK('job-42'), IS_USED_LOCK('job-42');

SELECT RELEASE_ALL_LOCKS();

BEGIN;

BEGIN WORK;

START TRANSACTION;

START TRANSACTION READ ONLY;

START TRANSACTION READ WRITE;

START TRANSACTION WITH CONSISTENT SNAPSHOT;

START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY;

COMMIT;

COMMIT WORK;

COMMIT AND NO CHAIN NO RELEASE;

COMMIT AND CHAIN;

ROLLBACK;

ROLLBACK WORK;

ROLLBACK AND CHAIN RELEASE;

SAVEPOINT sp1;

SAVEPOINT `sa_savepoint_1`;

RELEASE SAVEPOINT sp1;

ROLLBACK TO SAVEPOINT sp1;

ROLLBACK TO sp1;

ROLLBACK WORK TO SAVEPOINT `sa_savepoint_1`;

XA START 'xid1';

XA BEGIN 'xid1', 'branch1', 1;

XA START X'0A0B', X'01', 3 JOIN;

XA START 'xid2' RESUME;

XA END 'xid1';

XA END 'xid1' SUSPEND;

XA END 'xid1' SUSPEND FOR MIGRATE;

XA PREPARE 'xid1';

XA COMMIT 'xid1';

XA COMMIT 'xid1' ONE PHASE;

XA ROLLBACK 'xid1';

XA RECOVER;

XA RECOVER FORMAT='SQL';

USE shop;

USE `shop`;

SHOW DATABASES;

SHOW SCHEMAS LIKE 'sh%';

SHOW TABLES;

SHOW TABLES FROM shop LIKE 'o%';

SHOW FULL TABLES WHERE Table_type = 'VIEW';

SHOW TABLE STATUS;

SHOW TABLE STATUS FROM shop LIKE 'orders';

SHOW COLUMNS FROM orders;

SHOW FIELDS IN orders LIKE 'id';

SHOW FULL COLUMNS FROM shop.orders;

SHOW INDEXES FROM orders;

SHOW CREATE TABLE shop.orders;

SHOW CREATE VIEW v_order_totals;

SHOW CREATE DATABASE shop;

SHOW CREATE SCHEMA IF NOT EXISTS shop;

SHOW VARIABLES;

SHOW GLOBAL VARIABLES LIKE 'max%';

SHOW SESSION VARIABLES WHERE Variable_name = 'autocommit';

SHOW STATUS;

SHOW GLOBAL STATUS LIKE 'Threads%';

SHOW SESSION STATUS LIKE 'Com_select';

SHOW WARNINGS;

SHOW WARNINGS LIMIT 5;

SHOW WARNINGS LIMIT 0, 10;

SHOW ERRORS;

SHOW COUNT(*) WARNINGS;

SHOW COUNT(*) ERRORS;

SHOW PROCESSLIST;

SHOW FULL PROCESSLIST;

SHOW ENGINES;

SHOW STORAGE ENGINES;

SHOW COLLATION LIKE 'utf8mb4%';

SHOW COLLATION WHERE Charset = 'latin1';

SHOW CHARACTER SET LIKE 'utf8%';

SHOW CHARSET;

SHOW GRANTS;

SHOW GRANTS FOR CURRENT_USER;

SHOW MASTER STATUS;

SHOW SLAVE STATUS;

SHOW BINARY LOGS;

SHOW PLUGINS;

SHOW PRIVILEGES;

SHOW ENGINE INNODB STATUS;

SHOW OPEN TABLES;

SHOW TRIGGERS FROM shop;

EXPLAIN SELECT * FROM orders WHERE customer_id = 1;

EXPLAIN EXTENDED SELECT * FROM orders;

EXPLAIN PARTITIONS SELECT * FROM orders;

EXPLAIN FORMAT=JSON SELECT o.id FROM orders o JOIN customers c ON c.id = o.customer_id;

EXPLAIN UPDATE orders SET status = 'x' WHERE id = 1;

EXPLAIN DELETE FROM orders WHERE id = 1;

EXPLAIN INSERT INTO categories (name, slug) VALUES ('a', 'b');

DESCRIBE SELECT * FROM orders;

DESC orders;

DESCRIBE orders;

DESCRIBE shop.orders status;

DESCRIBE orders 'st%';

EXPLAIN orders;

KILL 42;

KILL CONNECTION 42;

KILL QUERY 42;

KILL QUERY ID 42;

KILL HARD 42;

KILL SOFT QUERY 42;

LOCK TABLES orders READ;

LOCK TABLES orders WRITE, customers READ;

LOCK TABLES orders AS o READ LOCAL, customers c LOW_PRIORITY WRITE;

LOCK TABLE orders WRITE CONCURRENT;

UNLOCK TABLES;

UNLOCK TABLE;

ANALYZE TABLE orders;

OPTIMIZE TABLE orders, customers;

CHECK TABLE orders;

CHECKSUM TABLE orders;

REPAIR TABLE inventory_log;

FLUSH PRIVILEGES;

FLUSH TABLES WITH READ LOCK;

FLUSH LOGS;

GRANT SELECT, INSERT ON shop.* TO 'app'@'%' IDENTIFIED BY 'secret';

REVOKE INSERT ON shop.* FROM 'app'@'%';

CREATE USER 'app'@'localhost' IDENTIFIED BY 'secret';

DROP USER IF EXISTS 'app'@'localhost';

CREATE VIEW v_big_orders AS SELECT id, total FROM orders WHERE total > 100;

CREATE OR REPLACE VIEW v_big_orders AS SELECT id FROM orders;

DROP VIEW IF EXISTS v_big_orders;

CREATE PROCEDURE p1() SELECT 1;

CALL p1();

DROP PROCEDURE IF EXISTS p1;

DO SLEEP(0);

DO RELEASE_LOCK('job-42');

PREPARE stmt1 FROM 'SELECT * FROM orders WHERE id = ?';

EXECUTE stmt1 USING @id;

DEALLOCATE PREPARE stmt1;

HELP 'contents';

SET DEFAULT ROLE NONE FOR 'app'@'%';

CREATE TRIGGER trg_orders BEFORE INSERT ON orders FOR EACH ROW SET NEW.total = IFNULL(NEW.total, 0);

CREATE EVENT ev_cleanup ON SCHEDULE EVERY 1 DAY DO DELETE FROM inventory_log WHERE id < 0;

CREATE SEQUENCE s1 START WITH 1 INCREMENT BY 1;

LOAD DATA INFILE '/tmp/x.csv' INTO TABLE orders FIELDS TERMINATED BY ',';

HANDLER orders OPEN;

RESET QUERY CACHE;

PURGE BINARY LOGS BEFORE '2024-01-01 00:00:00';

INSTALL SONAME 'ha_spider';

UNINSTALL PLUGIN spider;

ALTER USER 'app'@'%' IDENTIFIED BY 'new';

ALTER DATABASE shop CHARACTER SET utf8mb4;

ALTER VIEW v_order_totals AS SELECT 1;

SELECT customer_id, JSON_ARRAYAGG(id ORDER BY placed_at DESC, id LIMIT 3) FROM orders GROUP BY customer_id;

SELECT JSON_ARRAYAGG(DISTINCT status ORDER BY status) FROM orders;

SELECT customer_id, GROUP_CONCAT(id ORDER BY id DESC SEPARATOR '/' LIMIT 1, 2) FROM orders GROUP BY customer_id;

SELECT GROUP_CONCAT(status LIMIT 2 OFFSET 1) FROM orders;

SELECT id FROM orders ORDER BY id OFFSET 2 ROWS FETCH FIRST 3 ROWS ONLY;

SELECT id, status FROM orders WHERE customer_id = 1 ORDER BY placed_at DESC, id FETCH NEXT 1 ROW ONLY;

SELECT next, ties FROM (SELECT 1 AS next, 2 AS ties) AS t;
