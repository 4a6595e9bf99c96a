-- Differential corpus: each line is routed, run on the shards, merged, and compared with the
-- reference server. "ordered: " compares rows in order (the query orders totally); otherwise
-- rows are compared as multisets. "error 1235: " expects the router's refusal.
-- sysbench shapes (sbtest1: 2 data sources x 2 tables, ds by id % 2, table by id % 4)
SELECT c FROM sbtest1 WHERE id=1
SELECT c FROM sbtest1 WHERE id=2
SELECT c FROM sbtest1 WHERE id=3
SELECT c FROM sbtest1 WHERE id=4
SELECT c FROM sbtest1 WHERE id=200
SELECT c FROM sbtest1 WHERE id=999
SELECT c FROM sbtest1 WHERE id BETWEEN 1 AND 100
SELECT c FROM sbtest1 WHERE id BETWEEN 50 AND 51
SELECT c FROM sbtest1 WHERE id BETWEEN 60 AND 60
SELECT SUM(k) FROM sbtest1 WHERE id BETWEEN 1 AND 100
SELECT SUM(k) FROM sbtest1 WHERE id BETWEEN 1000 AND 1100
ordered: SELECT c FROM sbtest1 WHERE id BETWEEN 1 AND 100 ORDER BY c, id
ordered: SELECT DISTINCT c FROM sbtest1 WHERE id BETWEEN 1 AND 100 ORDER BY c
ordered: SELECT DISTINCT pad FROM sbtest1 ORDER BY pad
SELECT id, k FROM sbtest1 WHERE id IN (5, 6, 7, 8, 9)
SELECT id FROM sbtest1 WHERE id > 190
SELECT id FROM sbtest1 WHERE id >= 10 AND id < 14
SELECT COUNT(*) FROM sbtest1
SELECT COUNT(*), SUM(k), MIN(k), MAX(k), AVG(k) FROM sbtest1
ordered: SELECT id, k FROM sbtest1 ORDER BY k DESC, id LIMIT 10
ordered: SELECT id, k FROM sbtest1 ORDER BY k, id LIMIT 5, 10
ordered: SELECT id FROM sbtest1 ORDER BY id LIMIT 3 OFFSET 190
ordered: SELECT id FROM sbtest1 ORDER BY id LIMIT 300
ordered: SELECT * FROM sbtest1 WHERE id BETWEEN 20 AND 30 ORDER BY id
ordered: SELECT * FROM sbtest1 ORDER BY k, id LIMIT 7
ordered: SELECT id FROM sbtest1 ORDER BY c DESC, id DESC LIMIT 12
SELECT sbtest1.id, sbtest1.c FROM sbtest1 WHERE sbtest1.id = 77
SELECT k + 1 FROM sbtest1 WHERE id = 9
SELECT sbtest1.k * 2 FROM sbtest1 WHERE sbtest1.id = 10
SELECT c FROM shop.sbtest1 WHERE id = 11
SELECT COUNT(*) FROM sbtest1 WHERE id = 0
SELECT pad, COUNT(*) FROM sbtest1 GROUP BY pad
ordered: SELECT pad, COUNT(*), SUM(k) FROM sbtest1 GROUP BY pad ORDER BY pad
ordered: SELECT pad, AVG(k) FROM sbtest1 GROUP BY pad ORDER BY AVG(k) DESC
SELECT k FROM sbtest1 WHERE id = 12 FOR UPDATE
-- t_user: sharded by user_id % 2 (negative ids too), mixed-case and accented names, NULLs
SELECT * FROM t_user WHERE user_id = 1
SELECT * FROM t_user WHERE user_id = -3
SELECT * FROM t_user WHERE user_id = -4
SELECT * FROM t_user WHERE user_id = '7'
SELECT * FROM t_user WHERE user_id = 8.0
SELECT * FROM t_user WHERE user_id = 1 + 1
SELECT * FROM t_user WHERE user_id IN (1, 2, 3, -5, 999)
SELECT * FROM t_user WHERE user_id IN (2, 4, 2)
SELECT * FROM t_user WHERE user_id = 3 OR user_id = 6
SELECT * FROM t_user WHERE (user_id = 3 OR user_id = 5) AND city IS NOT NULL
SELECT * FROM t_user WHERE user_id NOT IN (1, 2)
SELECT * FROM t_user WHERE user_id BETWEEN -5 AND 5
SELECT * FROM t_user WHERE user_id > 100
SELECT * FROM t_user WHERE user_id = 5 AND user_id = 6
SELECT * FROM t_user WHERE user_id IS NULL
SELECT * FROM t_user WHERE name IS NULL
SELECT * FROM t_user WHERE name = 'anna'
SELECT * FROM t_user WHERE name = 'ANNA'
SELECT * FROM t_user WHERE name LIKE 'z%'
SELECT user_id FROM t_user WHERE city = 'zurich'
ordered: SELECT user_id, name FROM t_user ORDER BY name, user_id
ordered: SELECT user_id, name FROM t_user ORDER BY name DESC, user_id DESC
ordered: SELECT user_id, name FROM t_user ORDER BY name, user_id LIMIT 10
ordered: SELECT user_id, name FROM t_user ORDER BY name, user_id LIMIT 10, 10
ordered: SELECT user_id, city FROM t_user ORDER BY city, user_id
ordered: SELECT user_id, city FROM t_user ORDER BY city DESC, user_id LIMIT 20
ordered: SELECT user_id, balance FROM t_user ORDER BY balance, user_id
ordered: SELECT user_id, balance FROM t_user ORDER BY balance DESC, user_id LIMIT 15
ordered: SELECT user_id, born FROM t_user ORDER BY born, user_id LIMIT 30
ordered: SELECT user_id, score FROM t_user ORDER BY score DESC, user_id
ordered: SELECT user_id FROM t_user ORDER BY score, user_id
ordered: SELECT user_id FROM t_user ORDER BY balance * 2, user_id LIMIT 10
ordered: SELECT user_id AS u, name AS n FROM t_user ORDER BY u DESC LIMIT 5
ordered: SELECT user_id, name FROM t_user ORDER BY 2, 1 LIMIT 8
ordered: SELECT * FROM t_user ORDER BY user_id
ordered: SELECT * FROM t_user ORDER BY born DESC, user_id LIMIT 9
ordered: SELECT * FROM t_user ORDER BY user_id LIMIT 1000 OFFSET 100
ordered: SELECT user_id FROM t_user ORDER BY user_id LIMIT 0
SELECT DISTINCT city FROM t_user WHERE city IS NOT NULL AND city <> 'Zürich'
ordered: SELECT DISTINCT city FROM t_user ORDER BY city
ordered: SELECT DISTINCT city FROM t_user ORDER BY city DESC LIMIT 3
SELECT DISTINCT score FROM t_user
SELECT COUNT(*) FROM t_user
SELECT COUNT(name), COUNT(city), COUNT(balance), COUNT(score) FROM t_user
SELECT SUM(balance), MIN(balance), MAX(balance) FROM t_user
SELECT AVG(balance) FROM t_user
SELECT AVG(score), SUM(score) FROM t_user
SELECT AVG(score) AS a FROM t_user
SELECT MIN(born), MAX(born) FROM t_user
SELECT COUNT(DISTINCT city) FROM t_user
SELECT COUNT(DISTINCT score) FROM t_user
SELECT SUM(DISTINCT score) FROM t_user
SELECT AVG(DISTINCT score) FROM t_user
SELECT COUNT(*), SUM(balance) FROM t_user WHERE user_id > 1000
SELECT MIN(city), MAX(born) FROM t_user WHERE user_id IN (1, 2)
SELECT BIT_OR(score), BIT_XOR(score) FROM t_user WHERE score > 0
SELECT MAX(score) FROM t_user WHERE city = 'Oslo'
ordered: SELECT city, COUNT(*) FROM t_user GROUP BY city
ordered: SELECT city, COUNT(*), SUM(balance), AVG(balance) FROM t_user GROUP BY city
ordered: SELECT city, COUNT(*) AS n FROM t_user GROUP BY city ORDER BY n DESC, city
ordered: SELECT city, SUM(balance) AS total FROM t_user GROUP BY city ORDER BY total
ordered: SELECT city, MIN(score), MAX(score) FROM t_user GROUP BY city ORDER BY city DESC
ordered: SELECT city FROM t_user GROUP BY city HAVING COUNT(*) > 20
ordered: SELECT city, COUNT(*) FROM t_user GROUP BY city HAVING COUNT(*) > 20 ORDER BY 2 DESC, 1
ordered: SELECT city, SUM(balance) FROM t_user GROUP BY city HAVING SUM(balance) > 10000 AND city <> 'Lyon'
ordered: SELECT city, AVG(score) FROM t_user GROUP BY city HAVING AVG(score) BETWEEN 20 AND 40
ordered: SELECT city, COUNT(*) FROM t_user GROUP BY city HAVING city IN ('Berlin', 'Paris') OR COUNT(*) < 20
ordered: SELECT city, COUNT(*) FROM t_user GROUP BY city ORDER BY COUNT(*) DESC, city LIMIT 2
ordered: SELECT city, COUNT(DISTINCT score), COUNT(*) FROM t_user GROUP BY city
ordered: SELECT score % 3 AS m, COUNT(*) FROM t_user GROUP BY score % 3
ordered: SELECT YEAR(born) AS y, COUNT(*) FROM t_user GROUP BY YEAR(born) ORDER BY y DESC LIMIT 5
ordered: SELECT city FROM t_user GROUP BY city ORDER BY MAX(balance) DESC
SELECT city, COUNT(*) FROM t_user GROUP BY city ORDER BY NULL
ordered: SELECT city, GROUP_CONCAT(user_id ORDER BY user_id) FROM t_user WHERE user_id = 5 GROUP BY city
SELECT COUNT(*) FROM t_user HAVING COUNT(*) > 0
SELECT COUNT(*) FROM t_user HAVING COUNT(*) > 1000
ordered: SELECT user_id, name FROM t_user WHERE user_id IN (1, 3, 5) UNION ALL SELECT user_id, name FROM t_user WHERE user_id = 7 ORDER BY 1
SELECT user_id FROM t_user WHERE user_id = 2 UNION SELECT user_id FROM t_user WHERE user_id = 4
SELECT LOWER(name) FROM t_user WHERE user_id = 2
-- t_order / t_order_item: bound, ds by user_id % 2, table by order_id % 2
SELECT * FROM t_order WHERE user_id = 12 AND order_id = 37
SELECT * FROM t_order WHERE user_id = 12
SELECT * FROM t_order WHERE order_id = 37
SELECT * FROM t_order WHERE order_id IN (1, 2, 3, 4)
SELECT * FROM t_order WHERE order_id BETWEEN 10 AND 11
SELECT * FROM t_order WHERE user_id = -3
ordered: SELECT order_id, amount FROM t_order ORDER BY amount DESC, order_id LIMIT 20
ordered: SELECT order_id, created FROM t_order ORDER BY created, order_id LIMIT 20
ordered: SELECT order_id, note FROM t_order WHERE user_id = 40 ORDER BY note, order_id
ordered: SELECT order_id FROM t_order WHERE status = 'paid' ORDER BY order_id DESC LIMIT 5, 5
ordered: SELECT status, COUNT(*), SUM(amount), AVG(amount) FROM t_order GROUP BY status
ordered: SELECT status, COUNT(*), SUM(amount) FROM t_order WHERE user_id = 12 GROUP BY status
ordered: SELECT user_id, COUNT(*) FROM t_order GROUP BY user_id HAVING COUNT(*) >= 5 ORDER BY user_id
ordered: SELECT user_id, SUM(amount) FROM t_order GROUP BY user_id ORDER BY SUM(amount) DESC, user_id LIMIT 10
ordered: SELECT note, COUNT(*) FROM t_order GROUP BY note
SELECT COUNT(*), COUNT(note), COUNT(amount), SUM(amount), AVG(amount) FROM t_order
SELECT MAX(created), MIN(created) FROM t_order
SELECT COUNT(DISTINCT user_id) FROM t_order
SELECT COUNT(DISTINCT user_id, status) FROM t_order
SELECT COUNT(*) FROM t_order WHERE amount IS NULL
SELECT o.order_id, i.item_id, i.price FROM t_order o JOIN t_order_item i ON o.order_id = i.order_id AND o.user_id = i.user_id WHERE o.user_id = 12 AND o.order_id = 37
SELECT o.order_id, i.item_id FROM t_order o JOIN t_order_item i ON o.order_id = i.order_id AND o.user_id = i.user_id WHERE o.user_id = 12
SELECT o.order_id, i.item_id FROM t_order o JOIN t_order_item i ON o.order_id = i.order_id AND o.user_id = i.user_id WHERE i.order_id = 38
ordered: SELECT o.order_id, i.item_id FROM t_order o JOIN t_order_item i ON o.order_id = i.order_id AND o.user_id = i.user_id ORDER BY o.order_id, i.item_id LIMIT 25
ordered: SELECT o.status, COUNT(*), SUM(i.price) FROM t_order o JOIN t_order_item i ON o.order_id = i.order_id AND o.user_id = i.user_id GROUP BY o.status
ordered: SELECT o.user_id, SUM(i.qty * i.price) AS revenue FROM t_order o JOIN t_order_item i ON o.order_id = i.order_id AND o.user_id = i.user_id GROUP BY o.user_id ORDER BY revenue DESC, o.user_id LIMIT 10
SELECT t_order.order_id, t_order_item.item_id FROM t_order JOIN t_order_item USING (user_id, order_id) WHERE t_order.user_id = 13
SELECT t_order.order_id, t_order_item.qty FROM t_order, t_order_item WHERE t_order.order_id = t_order_item.order_id AND t_order.user_id = t_order_item.user_id AND t_order.user_id = 14
SELECT o.order_id, i.item_id FROM t_order o LEFT JOIN t_order_item i ON o.order_id = i.order_id AND o.user_id = i.user_id AND i.qty > 3 WHERE o.user_id = 15
SELECT COUNT(*) FROM t_order o JOIN t_order_item i ON o.order_id = i.order_id AND o.user_id = i.user_id
SELECT COUNT(*), SUM(i.price) FROM t_order o JOIN t_order_item i ON o.order_id = i.order_id AND o.user_id = i.user_id WHERE o.status = 'new'
SELECT * FROM t_order o WHERE o.user_id = 16 AND EXISTS (SELECT 1 FROM t_order_item i WHERE i.order_id = o.order_id AND i.user_id = o.user_id AND i.qty = 2) AND o.order_id = 16
SELECT * FROM t_order WHERE user_id = 17 AND order_id = 71 AND order_id IN (SELECT order_id FROM t_order_item WHERE user_id = 17 AND order_id = 71)
-- broadcast t_product joined with sharded tables; unsharded t_config in ds0
SELECT * FROM t_product
SELECT * FROM t_product WHERE product_id = 3
ordered: SELECT category, COUNT(*) FROM t_product GROUP BY category
ordered: SELECT name FROM t_product ORDER BY list_price DESC, product_id LIMIT 5
SELECT i.item_id, p.name FROM t_order_item i JOIN t_product p ON p.product_id = i.product_id WHERE i.user_id = 18
ordered: SELECT p.category, COUNT(*), SUM(i.qty) FROM t_order_item i JOIN t_product p ON p.product_id = i.product_id GROUP BY p.category
ordered: SELECT i.item_id, p.name FROM t_order_item i JOIN t_product p ON p.product_id = i.product_id ORDER BY i.item_id LIMIT 15
ordered: SELECT o.order_id, p.name, i.qty FROM t_order o JOIN t_order_item i ON o.order_id = i.order_id AND o.user_id = i.user_id JOIN t_product p ON p.product_id = i.product_id WHERE o.user_id = 19 ORDER BY o.order_id, i.item_id
SELECT i.item_id FROM t_order_item i LEFT JOIN t_product p ON p.product_id = i.product_id WHERE p.category IS NULL AND i.user_id = 20
SELECT u.name, p.name FROM t_user u JOIN t_product p ON p.product_id = u.user_id WHERE u.user_id = 21
SELECT * FROM t_config
SELECT * FROM t_config WHERE k = 'mode'
SELECT u.user_id, c.v FROM t_user u JOIN t_config c ON c.k = u.city WHERE u.user_id = 2
SELECT u.user_id, c.v FROM t_user u JOIN t_config c ON c.k = u.city WHERE u.user_id IN (2, 4, 6, 8)
SELECT c.k, p.name FROM t_config c JOIN t_product p ON p.product_id = 1
-- no table, other databases
SELECT 1
SELECT 1 + 1 AS two, 'x' AS s
SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = 'mysql'
-- refused: cross-node joins, subqueries and UNIONs spanning nodes, unmergeable shapes
error 1235: SELECT u.name, o.order_id FROM t_user u JOIN t_order o ON u.user_id = o.user_id
error 1235: SELECT * FROM t_order WHERE order_id IN (SELECT order_id FROM t_order_item WHERE price > 40)
error 1235: SELECT * FROM (SELECT user_id FROM t_user) x
error 1235: SELECT user_id FROM t_user UNION SELECT user_id FROM t_order
SELECT SUM(balance) / COUNT(*) FROM t_user
SELECT ROUND(AVG(balance), 2) FROM t_user
error 1235: SELECT LENGTH(MAX(name)) FROM t_user
error 1235: SELECT STDDEV(score) FROM t_user
ordered: SELECT city, COUNT(*) FROM t_user GROUP BY city WITH ROLLUP
error 1235: SELECT user_id, ROW_NUMBER() OVER (ORDER BY user_id) FROM t_user
error 1235: SELECT u.user_id, c.v FROM t_user u JOIN t_config c ON c.k = u.city
error 1235: UPDATE t_user SET user_id = 1000 WHERE user_id = 1
error 1235: DELETE FROM t_user ORDER BY user_id LIMIT 1
SELECT GROUP_CONCAT(user_id ORDER BY user_id DESC) FROM t_user
error 1235: SELECT GROUP_CONCAT(name ORDER BY 1) FROM t_user
-- UNION over nodes: every node runs the whole UNION on its tables, the merger unites
ordered: SELECT user_id, name FROM t_user WHERE user_id < 10 UNION ALL SELECT user_id, name FROM t_user WHERE user_id > 100 ORDER BY 1
SELECT city FROM t_user UNION SELECT city FROM t_user WHERE user_id > 50
ordered: SELECT city FROM t_user UNION SELECT city FROM t_user ORDER BY city DESC LIMIT 3
SELECT user_id FROM t_user WHERE user_id = 1 UNION ALL SELECT user_id FROM t_user WHERE user_id = 2
ordered: SELECT order_id AS id, amount FROM t_order WHERE user_id = 3 UNION ALL SELECT order_id, price FROM t_order_item WHERE user_id = 3 ORDER BY id, amount
ordered: SELECT k FROM sbtest1 WHERE id < 50 UNION SELECT k FROM sbtest1 WHERE id > 150 ORDER BY k LIMIT 5, 10
SELECT status FROM t_order UNION DISTINCT SELECT status FROM t_order WHERE amount > 100
error 1235: SELECT user_id FROM t_user UNION SELECT product_id FROM t_product
error 1235: SELECT user_id FROM t_user UNION ALL SELECT user_id FROM t_user UNION SELECT user_id FROM t_user
-- unaliased expressions over renamed tables keep their names
ordered: SELECT UPPER(sbtest1.pad), COUNT(*) FROM sbtest1 GROUP BY UPPER(sbtest1.pad)
ordered: SELECT sbtest1.pad, LOWER(sbtest1.pad) FROM sbtest1 WHERE id < 30 ORDER BY sbtest1.id LIMIT 3
SELECT sbtest1.k + sbtest1.id FROM sbtest1 WHERE id BETWEEN 3 AND 9
