-- Typical e-commerce application queries over tests/parser/schema.sql (catalog, carts, orders,
-- reporting). Every SELECT here runs on MariaDB against that schema.

SELECT id, name, price FROM products WHERE category_id = 2 AND is_active = 1 ORDER BY price ASC LIMIT 20;

SELECT p.id, p.name, p.price, c.name AS category FROM products p JOIN categories c ON c.id = p.category_id WHERE p.stock > 0 ORDER BY p.name LIMIT 0, 10;

SELECT p.* FROM products AS p WHERE p.sku IN ('BK-001', 'BK-002', 'GD-042');

SELECT COUNT(*) AS n FROM products WHERE category_id IN (SELECT id FROM categories WHERE parent_id = 1);

SELECT c.id, c.name, COUNT(p.id) AS product_count FROM categories c LEFT JOIN products p ON p.category_id = c.id GROUP BY c.id, c.name HAVING COUNT(p.id) >= 0 ORDER BY product_count DESC;

SELECT id, email FROM customers WHERE email = 'ann@example.com' LIMIT 1;

SELECT id, first_name, last_name FROM customers WHERE last_name LIKE 'O%' OR first_name LIKE '%l_o%';

SELECT * FROM customers WHERE country = 'DE' AND status = 'active' AND FIND_IN_SET('vip', flags) > 0;

SELECT o.id, o.total, o.placed_at FROM orders o WHERE o.customer_id = 1 ORDER BY o.placed_at DESC LIMIT 5 OFFSET 0;

SELECT o.id, SUM(oi.quantity * oi.unit_price - oi.discount) AS computed_total FROM orders o INNER JOIN order_items oi ON oi.order_id = o.id GROUP BY o.id;

SELECT o.id, o.status, c.email FROM orders o STRAIGHT_JOIN customers c ON c.id = o.customer_id WHERE o.status <> 'cancelled';

SELECT DATE(placed_at) AS day, COUNT(*) AS orders, SUM(total) AS revenue FROM orders WHERE placed_at >= '2024-01-01' AND placed_at < '2025-01-01' GROUP BY DATE(placed_at) ORDER BY day;

SELECT YEAR(placed_at) AS y, MONTH(placed_at) AS m, SUM(total) FROM orders GROUP BY YEAR(placed_at), MONTH(placed_at) WITH ROLLUP;

SELECT currency, ROUND(AVG(total), 2) AS avg_total, MIN(total), MAX(total) FROM orders GROUP BY currency;

SELECT p.id, p.name, IFNULL(AVG(r.stars), 0) AS avg_stars, COUNT(r.id) AS reviews FROM products p LEFT OUTER JOIN reviews r ON r.product_id = p.id GROUP BY p.id, p.name ORDER BY avg_stars DESC, reviews DESC;

SELECT p.name FROM products p WHERE NOT EXISTS (SELECT 1 FROM order_items oi WHERE oi.product_id = p.id);

SELECT p.name FROM products p WHERE EXISTS (SELECT 1 FROM order_items oi WHERE oi.product_id = p.id AND oi.quantity > 1);

SELECT c.email FROM customers c WHERE c.id NOT IN (SELECT o.customer_id FROM orders o WHERE o.status = 'new');

SELECT c.email, (SELECT COUNT(*) FROM orders o WHERE o.customer_id = c.id) AS order_count FROM customers c;

SELECT c.email, t.total FROM customers c JOIN (SELECT customer_id, SUM(total) AS total FROM orders GROUP BY customer_id) AS t ON t.customer_id = c.id WHERE t.total > 10;

SELECT id, name, CASE WHEN stock = 0 THEN 'sold out' WHEN stock < 20 THEN 'low' ELSE 'ok' END AS stock_state FROM products;

SELECT id, CASE status WHEN 'new' THEN 1 WHEN 'paid' THEN 2 ELSE 3 END AS sort_key FROM orders ORDER BY sort_key, id;

SELECT id, name, price FROM products WHERE price BETWEEN 10.00 AND 30.00 AND name NOT LIKE '%rake%';

SELECT id FROM products WHERE name REGEXP '^[A-Z]' AND description NOT REGEXP 'roads?';

SELECT id, name FROM products WHERE MATCH (name, description) AGAINST ('novel' IN NATURAL LANGUAGE MODE);

SELECT id, name FROM products WHERE MATCH (name, description) AGAINST ('+rake -plastic' IN BOOLEAN MODE);

SELECT GROUP_CONCAT(DISTINCT c.country ORDER BY c.country SEPARATOR ', ') AS countries FROM customers c;

SELECT o.customer_id, GROUP_CONCAT(o.id ORDER BY o.id DESC) AS order_ids FROM orders o GROUP BY o.customer_id;

SELECT COUNT(DISTINCT customer_id) FROM orders;

SELECT id, total, SUM(total) OVER (PARTITION BY customer_id ORDER BY placed_at) AS running_total FROM orders;

SELECT id, customer_id, ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY placed_at DESC) AS rn FROM orders;

SELECT id, RANK() OVER w AS r, DENSE_RANK() OVER w AS dr FROM products WINDOW w AS (ORDER BY price DESC);

SELECT id, total, AVG(total) OVER (ORDER BY placed_at ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS moving_avg FROM orders;

SELECT id, LAG(total, 1) OVER (ORDER BY id) AS prev_total, LEAD(total) OVER (ORDER BY id) AS next_total FROM orders;

SELECT * FROM orders WHERE placed_at > NOW() - INTERVAL 30 DAY;

SELECT * FROM orders WHERE placed_at BETWEEN DATE_SUB(CURDATE(), INTERVAL 1 YEAR) AND CURRENT_DATE;

SELECT id, DATE_ADD(placed_at, INTERVAL 3 DAY) AS expected_ship FROM orders WHERE shipped_at IS NULL;

SELECT id, TIMESTAMPDIFF(HOUR, placed_at, shipped_at) AS hours_to_ship FROM orders WHERE shipped_at IS NOT NULL;

SELECT id, DATE_FORMAT(placed_at, '%Y-%m-%d %H:%i') AS placed FROM orders ORDER BY placed_at DESC;

SELECT id, EXTRACT(YEAR_MONTH FROM placed_at) AS ym FROM orders;

SELECT CONCAT(first_name, ' ', last_name) AS full_name, UPPER(country), LOWER(email) FROM customers;

SELECT id, CONCAT_WS('-', sku, id) AS code, LEFT(name, 5) AS short_name, RIGHT(sku, 3) FROM products;

SELECT TRIM(BOTH ' ' FROM name), TRIM(LEADING 'B' FROM sku), TRIM(name) FROM products;

SELECT SUBSTRING(email FROM 1 FOR 3), SUBSTRING(email, 5), SUBSTR(email, 2, 2), POSITION('@' IN email) FROM customers;

SELECT CAST(price AS CHAR(10)), CAST(stock AS UNSIGNED), CAST('2024-01-01' AS DATE), CAST(rating AS DECIMAL(4,1)) FROM products;

SELECT CONVERT(name USING utf8mb4), CONVERT(price, SIGNED INTEGER), CONVERT('42', UNSIGNED) FROM products;

SELECT id, COALESCE(note, '(none)') AS note, NULLIF(status, 'new') FROM orders;

SELECT id, IF(stock > 0, 'in stock', 'out of stock') AS availability FROM products;

SELECT JSON_EXTRACT(attributes, '$.pages') AS pages FROM products WHERE JSON_VALID(attributes);

SELECT id FROM products WHERE attributes IS NOT NULL AND JSON_UNQUOTE(JSON_EXTRACT(attributes, '$.pages')) > 100;

SELECT id, price * stock AS stock_value, price / 2, price DIV 2, stock % 3, stock MOD 4, -price, stock << 1, stock >> 1, stock & 1, stock | 2, stock ^ 3, ~stock FROM products;

SELECT id FROM products WHERE (category_id = 2 OR category_id = 3) AND NOT (stock = 0) AND is_active IS TRUE;

SELECT id FROM products WHERE rating IS NULL OR rating IS NOT NULL AND weight_kg IS UNKNOWN;

SELECT * FROM products WHERE price >= ALL (SELECT unit_price FROM order_items);

SELECT * FROM products WHERE price > ANY (SELECT unit_price FROM order_items WHERE quantity > 1);

SELECT * FROM products WHERE id = SOME (SELECT product_id FROM reviews);

SELECT (SELECT MAX(total) FROM orders) - (SELECT MIN(total) FROM orders) AS spread;

SELECT name FROM categories WHERE parent_id IS NULL UNION SELECT name FROM categories WHERE parent_id IS NOT NULL;

SELECT email FROM customers WHERE country = 'DE' UNION ALL SELECT email FROM customers WHERE country = 'FR' ORDER BY email LIMIT 10;

(SELECT id, total FROM orders WHERE currency = 'EUR' ORDER BY total DESC LIMIT 2) UNION (SELECT id, total FROM orders WHERE currency = 'USD' ORDER BY total DESC LIMIT 2) ORDER BY total DESC;

SELECT id FROM products EXCEPT SELECT product_id FROM order_items;

SELECT product_id FROM reviews INTERSECT SELECT product_id FROM order_items;

WITH recent AS (SELECT * FROM orders WHERE placed_at > '2024-01-15') SELECT customer_id, COUNT(*) FROM recent GROUP BY customer_id;

WITH RECURSIVE tree (id, parent_id, depth) AS (SELECT id, parent_id, 0 FROM categories WHERE parent_id IS NULL UNION ALL SELECT c.id, c.parent_id, t.depth + 1 FROM categories c JOIN tree t ON c.parent_id = t.id) SELECT * FROM tree;

SELECT c.id, c.email, o.id AS order_id FROM customers c LEFT JOIN orders o USING (id) WHERE o.id IS NULL;

SELECT * FROM orders NATURAL JOIN payments;

SELECT * FROM customers CROSS JOIN categories WHERE categories.id = 1;

SELECT * FROM orders o RIGHT JOIN customers c ON c.id = o.customer_id;

SELECT * FROM customers c, orders o WHERE c.id = o.customer_id AND o.total > 5;

SELECT * FROM (customers c JOIN orders o ON o.customer_id = c.id) JOIN order_items oi ON oi.order_id = o.id;

SELECT oi.* FROM order_items oi FORCE INDEX (idx_product) WHERE oi.product_id = 3;

SELECT * FROM orders USE INDEX (idx_status) WHERE status = 'paid';

SELECT * FROM orders IGNORE INDEX FOR ORDER BY (idx_customer_placed) WHERE customer_id = 1 ORDER BY placed_at;

SELECT * FROM orders USE KEY FOR JOIN (PRIMARY) JOIN customers ON customers.id = orders.customer_id;

SELECT id, stock FROM products WHERE id = 1 FOR UPDATE;

SELECT id, stock FROM products WHERE id IN (1, 2) LOCK IN SHARE MODE;

SELECT SQL_CALC_FOUND_ROWS id, name FROM products ORDER BY id LIMIT 2;

SELECT FOUND_ROWS();

SELECT LAST_INSERT_ID();

SELECT ROW_COUNT();

SELECT DISTINCT country FROM customers ORDER BY 1;

SELECT DISTINCTROW status FROM orders;

SELECT SQL_NO_CACHE HIGH_PRIORITY id FROM orders;

SELECT STRAIGHT_JOIN o.id FROM orders o JOIN customers c ON c.id = o.customer_id;

SELECT SQL_SMALL_RESULT country, COUNT(*) FROM customers GROUP BY country;

SELECT SQL_BIG_RESULT SQL_BUFFER_RESULT status, COUNT(*) FROM orders GROUP BY status;

SELECT id FROM orders WHERE (customer_id, status) IN ((1, 'paid'), (3, 'shipped'));

SELECT id FROM orders WHERE (customer_id, currency) = (1, 'EUR');

SELECT id FROM orders WHERE ROW(customer_id, currency) = ROW(1, 'EUR');

SELECT o.id, p.method FROM orders o LEFT JOIN payments p ON p.order_id = o.id AND p.paid_at IS NOT NULL;

SELECT c.country, SUM(o.total) AS revenue FROM customers c JOIN orders o ON o.customer_id = c.id GROUP BY c.country HAVING revenue > 0 ORDER BY revenue DESC LIMIT 3;

SELECT p.category_id, AVG(p.price), STDDEV(p.price), VARIANCE(p.price), BIT_OR(p.is_active) FROM products p GROUP BY p.category_id;

SELECT * FROM customers WHERE birth_date < DATE '1990-01-01';

SELECT * FROM orders WHERE placed_at >= TIMESTAMP '2024-01-01 00:00:00';

SELECT TIME '10:30:00', DATE '2024-02-29', TIMESTAMP '2024-02-29 23:59:59';

SELECT * FROM inventory_log WHERE flags = b'101' OR flags = 0b1;

SELECT * FROM payments WHERE reference = x'0A0B' OR reference = 0x0A0B;

SELECT * FROM customers WHERE email = _utf8mb4'ann@example.com' COLLATE utf8mb4_general_ci;

SELECT * FROM customers WHERE last_name = N'Lee';

SELECT * FROM customers WHERE first_name = 'Cl' 'éo';

SELECT * FROM customers WHERE last_name = 'O\'Neil' OR last_name = 'O''Neil' OR last_name = "O'Neil";

SELECT 'tab\there', 'new\nline', 'back\\slash', 'per\%cent', 'under\_score', 'nul\0byte', 'quote\"d';

SELECT 1, -1, +1, 1.5, -1.5, .5, 1., 1e3, 1.5E-3, -2e+2, 0x1F, 0b101, 18446744073709551615, 123456789012345678901234567890;

SELECT TRUE, FALSE, NULL, true AND false, NOT NULL;

SELECT 1 + 2 * 3 - 4 / 2, (1 + 2) * 3, 2 - -2, - (3 - 1), 10 DIV 3 MOD 2;

SELECT 1 = 1, 1 <=> NULL, 1 <> 2, 1 != 2, 1 < 2, 1 <= 2, 1 > 2, 1 >= 2;

SELECT 1 || 0, 1 && 0, 1 XOR 1, !1, NOT 1;

SELECT 'a' LIKE 'a%' ESCAPE '!', 'abc' RLIKE 'b', 'abc' SOUNDS LIKE 'abk', 'a' NOT LIKE 'b';

SELECT BINARY 'a' = 'A', 'a' COLLATE utf8mb4_bin = 'A';

SELECT CHAR(77, 121, 83, 81, 76), CHAR(65 USING utf8mb4);

SELECT CURRENT_TIMESTAMP, CURRENT_TIMESTAMP(), CURRENT_TIMESTAMP(3), CURRENT_DATE(), CURRENT_TIME, LOCALTIME, LOCALTIMESTAMP(), UTC_DATE(), UTC_TIME, UTC_TIMESTAMP(6);

SELECT NOW(), SYSDATE(), CURDATE(), UNIX_TIMESTAMP(), FROM_UNIXTIME(0), USER(), CURRENT_USER, CURRENT_USER(), DATABASE(), SCHEMA(), VERSION(), CONNECTION_ID();

SELECT INTERVAL(5, 1, 3, 7), MOD(10, 3), REPEAT('ab', 3), REPLACE('aaa', 'a', 'b'), INSERT('abcdef', 2, 3, 'X');

SELECT TIMESTAMPADD(MINUTE, 30, '2024-01-01 00:00:00'), EXTRACT(DAY_MINUTE FROM '2024-01-02 03:04:05');

SELECT @@version, @@global.max_connections, @@session.sql_mode, @@SESSION.autocommit, @@tx_isolation;

SELECT @rownum := @rownum + 1 AS rn, id FROM products, (SELECT @rownum := 0) r ORDER BY id;

SELECT @a, @`weird name`, @'quoted';

SELECT id INTO @last_order FROM orders ORDER BY id DESC LIMIT 1;

SELECT 1 FROM DUAL;

SELECT 1 FROM DUAL WHERE 1 = 1;

SELECT DEFAULT(stock) FROM products LIMIT 1;

SELECT `shop`.`products`.`id`, shop.products.name FROM shop.products;

SELECT p.`name` AS `product name`, p.price AS 'price eur' FROM products p;

SELECT `select`.`from` FROM (SELECT 1 AS `from`) AS `select`;

SELECT id FROM products ORDER BY price IS NULL, price DESC, id;

SELECT COUNT(*) FROM orders WHERE status IN ('new', 'paid', NULL);

SELECT COUNT(*) FROM orders WHERE id NOT IN (4, 5, 6);

SELECT COUNT(*) FROM orders WHERE id IN (1);

SELECT * FROM products WHERE price NOT BETWEEN 1 AND 10;

SELECT IF(COUNT(*) > 0, 'yes', 'no') FROM reviews WHERE stars = 5;

SELECT customer_id FROM orders GROUP BY customer_id HAVING SUM(total) > 10 AND COUNT(*) >= 1;

SELECT id, total FROM orders ORDER BY total DESC LIMIT 2, 1;

SELECT MAX(id) FROM orders FOR UPDATE;

SELECT * FROM orders WHERE id = 1 FOR UPDATE NOWAIT;

SELECT * FROM orders WHERE id = 1 FOR UPDATE SKIP LOCKED;

SELECT * FROM orders WHERE id = 1 FOR UPDATE WAIT 5;

SELECT o.id FROM orders AS o WHERE o.total > (SELECT AVG(total) FROM orders);

SELECT * FROM v_order_totals ORDER BY total DESC;

INSERT INTO customers (email, first_name, last_name, country) VALUES ('dora@example.com', 'Dora', 'Diaz', 'ES');

INSERT INTO customers SET email = 'eve@example.com', first_name = 'Eve', country = 'GB';

INSERT IGNORE INTO categories (id, name, slug) VALUES (1, 'Books', 'books');

INSERT INTO products (category_id, sku, name, price) VALUES (2, 'BK-003', 'Poems', 5.00), (2, 'BK-004', 'Essays', 7.50), (3, 'GD-043', 'Hose', 19.99);

INSERT INTO order_items (order_id, line_no, product_id, quantity, unit_price) VALUES (2, 2, 1, 1, 12.99) ON DUPLICATE KEY UPDATE quantity = quantity + VALUES(quantity);

INSERT INTO orders (customer_id, status, total, placed_at) VALUES (1, 'new', 0, NOW());

INSERT INTO orders (customer_id, total) SELECT id, 0 FROM customers WHERE status = 'active';

INSERT INTO reviews (product_id, customer_id, stars, title) VALUES (1, 2, 4, DEFAULT);

INSERT LOW_PRIORITY INTO inventory_log (product_id, delta, reason) VALUE (3, -2, 'sale');

INSERT HIGH_PRIORITY INTO inventory_log () VALUES ();

INSERT INTO payments (order_id, method, amount) VALUES (2, 'invoice', 8.50) RETURNING id, amount;

REPLACE INTO categories (id, name, slug) VALUES (3, 'Garden & Outdoor', 'garden');

REPLACE INTO categories SET id = 4, name = 'Toys', slug = 'toys';

UPDATE products SET stock = stock - 1 WHERE id = 1 AND stock > 0;

UPDATE products SET price = price * 1.05, name = CONCAT(name, ' (new)') WHERE category_id = 2;

UPDATE orders SET status = 'cancelled', note = NULL WHERE placed_at < NOW() - INTERVAL 90 DAY AND status = 'new' ORDER BY placed_at LIMIT 100;

UPDATE orders o JOIN customers c ON c.id = o.customer_id SET o.note = 'vip' WHERE FIND_IN_SET('vip', c.flags);

UPDATE LOW_PRIORITY IGNORE customers SET balance = DEFAULT WHERE id = 2;

UPDATE products p, categories c SET p.is_active = 0 WHERE p.category_id = c.id AND c.slug = 'garden';

DELETE FROM reviews WHERE stars < 2;

DELETE FROM inventory_log WHERE logged_at < '01:00:00' ORDER BY id LIMIT 10;

DELETE LOW_PRIORITY QUICK IGNORE FROM reviews WHERE id = 99;

DELETE r FROM reviews r JOIN products p ON p.id = r.product_id WHERE p.is_active = 0;

DELETE r, p FROM reviews r INNER JOIN payments p ON p.order_id = r.id WHERE r.stars = 0;

DELETE FROM r USING reviews AS r JOIN products AS p ON p.id = r.product_id WHERE p.stock = 0;

DELETE FROM payments WHERE order_id = 3 RETURNING id;

SELECT o.* FROM orders o WHERE o.id IN (1, 2, 3) ORDER BY FIELD(o.id, 3, 1, 2);

SELECT id FROM products WHERE id IN (SELECT product_id FROM order_items GROUP BY product_id HAVING SUM(quantity) > 1);

SELECT c.id, (SELECT o.id FROM orders o WHERE o.customer_id = c.id ORDER BY o.placed_at DESC LIMIT 1) AS last_order FROM customers c;
