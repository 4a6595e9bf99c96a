-- Differential corpus for test_differential.py (see differential.py for the prefixes).
-- Tables: t_user, t_order, t_order_item sharded by user_id (orders and items a binding pair,
-- two tables per node by order_id), t_product broadcast, t_coupon unsharded (default source).
-- "ordered: " only where ORDER BY is a total order (a unique key last).
--
-- Routing: point reads, IN lists, ranges, negative keys
SELECT * FROM t_user WHERE user_id = 1
SELECT * FROM t_user WHERE user_id = -37
SELECT * FROM t_user WHERE user_id = -74
SELECT * FROM t_user WHERE user_id = '7'
SELECT * FROM t_user WHERE user_id IN (1, 2, 3, 4, 5, -37, 999999)
SELECT * FROM t_user WHERE user_id IN (2, 4, 2, 6)
SELECT * FROM t_user WHERE user_id = 3 OR user_id = 8
SELECT * FROM t_user WHERE user_id BETWEEN -100 AND 10
SELECT * FROM t_user WHERE user_id NOT IN (1, 2, 3) AND user_id < 20
SELECT user_id, name FROM t_user WHERE user_id > 590
SELECT * FROM t_user WHERE user_id = 5 AND user_id = 6
SELECT * FROM t_order WHERE user_id = 12
SELECT * FROM t_order WHERE order_id = 10037
SELECT * FROM t_order WHERE order_id IN (10001, 10002, 10003, 10004, 12999)
SELECT * FROM t_order WHERE user_id = 12 AND order_id > 10000
SELECT * FROM t_order_item WHERE user_id IN (7, 8, 9)
SELECT * FROM t_order_item WHERE order_id = 10100
SELECT * FROM t_product WHERE product_id = 3
SELECT * FROM t_product
SELECT * FROM t_coupon
SELECT * FROM t_coupon WHERE code = 'c3'
-- Scans and filters over every node
SELECT user_id, name FROM t_user WHERE name = 'alice'
SELECT user_id, name FROM t_user WHERE name = 'ALICE'
SELECT user_id, name FROM t_user WHERE name = 'chloe'
SELECT user_id, city FROM t_user WHERE city = 'malmo'
SELECT user_id, city FROM t_user WHERE city = 'Zurich'
SELECT user_id FROM t_user WHERE city IS NULL
SELECT user_id FROM t_user WHERE city IS NOT NULL AND balance IS NULL
SELECT user_id, name FROM t_user WHERE name LIKE 'a%'
SELECT user_id, name FROM t_user WHERE name LIKE '%o%'
SELECT user_id, balance FROM t_user WHERE balance < 0
SELECT user_id, balance FROM t_user WHERE balance BETWEEN -10.50 AND 10.50
SELECT user_id, score FROM t_user WHERE score < 0
SELECT user_id, born FROM t_user WHERE born < '1960-01-01'
SELECT user_id, born FROM t_user WHERE born BETWEEN '1990-01-01' AND '1990-12-31'
SELECT order_id, amount FROM t_order WHERE amount = 5.00
SELECT order_id, amount FROM t_order WHERE amount < 0
SELECT order_id, status FROM t_order WHERE status = 'paid'
SELECT order_id, status FROM t_order WHERE status IS NULL AND amount > 100
SELECT order_id, created FROM t_order WHERE created IS NULL
SELECT order_id, created FROM t_order WHERE created >= '2026-04-01' AND created < '2026-04-02'
SELECT order_id, note FROM t_order WHERE note = 'ete'
SELECT item_id, qty FROM t_order_item WHERE qty < 0
SELECT item_id, product_id FROM t_order_item WHERE product_id IS NULL
SELECT item_id, product_id FROM t_order_item WHERE product_id > 40
SELECT user_id, balance * 2, score + 1, -score FROM t_user WHERE user_id < 30
SELECT order_id, amount * 1.1 FROM t_order WHERE order_id < 10050
SELECT item_id, qty * price FROM t_order_item WHERE item_id < 100
SELECT LOWER(name), UPPER(city) FROM t_user WHERE user_id < 40
SELECT user_id, COALESCE(city, '-'), IFNULL(score, 0) FROM t_user WHERE user_id BETWEEN 100 AND 140
SELECT order_id, YEAR(created), MONTH(created), DATE(created) FROM t_order WHERE order_id < 10060
SELECT order_id, DATE_FORMAT(created, '%Y-%m') FROM t_order WHERE user_id < 20
SELECT user_id, DATEDIFF('2026-01-01', born) FROM t_user WHERE user_id < 50
-- ORDER BY on a total order, LIMIT, pagination (large offsets too)
ordered: SELECT user_id, name FROM t_user ORDER BY user_id
ordered: SELECT user_id, name FROM t_user ORDER BY user_id DESC
ordered: SELECT * FROM t_user ORDER BY user_id LIMIT 25
ordered: SELECT user_id, name FROM t_user ORDER BY name, user_id
ordered: SELECT user_id, name FROM t_user ORDER BY name DESC, user_id DESC LIMIT 40
ordered: SELECT user_id, city FROM t_user ORDER BY city, user_id
ordered: SELECT user_id, city FROM t_user ORDER BY city DESC, user_id
ordered: SELECT user_id, city FROM t_user ORDER BY city, user_id LIMIT 30
ordered: SELECT user_id, city FROM t_user ORDER BY city DESC, user_id DESC LIMIT 30
ordered: SELECT user_id, balance FROM t_user ORDER BY balance, user_id
ordered: SELECT user_id, balance FROM t_user ORDER BY balance DESC, user_id LIMIT 15
ordered: SELECT user_id, born FROM t_user ORDER BY born, user_id LIMIT 50
ordered: SELECT user_id, born FROM t_user ORDER BY born DESC, user_id LIMIT 50
ordered: SELECT user_id, score FROM t_user ORDER BY score DESC, user_id
ordered: SELECT user_id, tier, score FROM t_user ORDER BY tier, score DESC, user_id
ordered: SELECT user_id FROM t_user ORDER BY balance * -1, user_id LIMIT 10
ordered: SELECT user_id AS u, name AS n FROM t_user ORDER BY u DESC LIMIT 5
ordered: SELECT user_id, name FROM t_user ORDER BY 2, 1 LIMIT 8
ordered: SELECT user_id, name FROM t_user ORDER BY user_id LIMIT 0
ordered: SELECT user_id FROM t_user ORDER BY user_id LIMIT 10 OFFSET 590
ordered: SELECT user_id FROM t_user ORDER BY user_id LIMIT 10 OFFSET 600
ordered: SELECT order_id, amount FROM t_order ORDER BY amount DESC, order_id LIMIT 20
ordered: SELECT order_id, amount FROM t_order ORDER BY amount, order_id LIMIT 20
ordered: SELECT order_id, created FROM t_order ORDER BY created, order_id LIMIT 20
ordered: SELECT order_id, created FROM t_order ORDER BY created DESC, order_id LIMIT 20
ordered: SELECT order_id, status FROM t_order ORDER BY status, order_id LIMIT 50
ordered: SELECT order_id, user_id FROM t_order ORDER BY order_id LIMIT 2900, 20
ordered: SELECT order_id, user_id FROM t_order ORDER BY order_id DESC LIMIT 2500, 10
ordered: SELECT order_id, amount FROM t_order ORDER BY amount DESC, order_id DESC LIMIT 1500, 25
ordered: SELECT order_id FROM t_order ORDER BY order_id LIMIT 5 OFFSET 2998
ordered: SELECT order_id FROM t_order ORDER BY order_id LIMIT 5 OFFSET 5000
ordered: SELECT order_id, note FROM t_order ORDER BY note, order_id LIMIT 1000, 30
ordered: SELECT * FROM t_order ORDER BY user_id, order_id LIMIT 100, 100
ordered: SELECT item_id, price FROM t_order_item ORDER BY price DESC, item_id LIMIT 4000, 20
ordered: SELECT item_id, qty, price FROM t_order_item ORDER BY qty * price DESC, item_id LIMIT 25
ordered: SELECT * FROM t_order_item ORDER BY item_id LIMIT 3000, 50
ordered: SELECT order_id FROM t_order WHERE status = 'paid' ORDER BY order_id DESC LIMIT 5, 5
ordered: SELECT order_id, amount FROM t_order WHERE user_id IN (3, 4, 5, 6) ORDER BY amount, order_id
ordered: SELECT product_id, name FROM t_product ORDER BY list_price DESC, product_id LIMIT 5
ordered: SELECT coupon_id, discount FROM t_coupon ORDER BY discount, coupon_id
-- NULL ordering
ordered: SELECT user_id, score FROM t_user ORDER BY score, user_id LIMIT 80
ordered: SELECT user_id, score FROM t_user ORDER BY score DESC, user_id LIMIT 80
ordered: SELECT user_id, balance FROM t_user ORDER BY balance IS NULL, balance, user_id LIMIT 60
ordered: SELECT user_id, city FROM t_user ORDER BY city IS NULL DESC, city, user_id LIMIT 60
ordered: SELECT order_id, status FROM t_order ORDER BY status DESC, order_id DESC LIMIT 70
ordered: SELECT item_id, product_id FROM t_order_item ORDER BY product_id, item_id LIMIT 70
ordered: SELECT order_id, created FROM t_order WHERE created IS NULL OR amount < 0 ORDER BY created, order_id
-- DISTINCT
SELECT DISTINCT user_id FROM t_order
SELECT DISTINCT score FROM t_user
SELECT DISTINCT tier, score FROM t_user
SELECT DISTINCT amount FROM t_order
SELECT DISTINCT qty FROM t_order_item
SELECT DISTINCT YEAR(born) FROM t_user
ci: SELECT DISTINCT city FROM t_user
ci: SELECT DISTINCT name FROM t_user
ci: SELECT DISTINCT status FROM t_order
ci: SELECT DISTINCT note, status FROM t_order
ordered ci: SELECT DISTINCT city FROM t_user ORDER BY city
ordered ci: SELECT DISTINCT city FROM t_user ORDER BY city DESC LIMIT 3
ordered: SELECT DISTINCT score FROM t_user ORDER BY score DESC LIMIT 10
ordered: SELECT DISTINCT amount FROM t_order ORDER BY amount
ordered: SELECT DISTINCT user_id FROM t_order ORDER BY user_id LIMIT 20, 20
ordered: SELECT DISTINCT user_id FROM t_order_item WHERE qty > 5 ORDER BY user_id
-- Scalar aggregates across every node
SELECT COUNT(*) FROM t_user
SELECT COUNT(*) FROM t_order
SELECT COUNT(*) FROM t_order_item
SELECT COUNT(name), COUNT(city), COUNT(balance), COUNT(score), COUNT(born) FROM t_user
SELECT SUM(balance), MIN(balance), MAX(balance) FROM t_user
SELECT AVG(balance) FROM t_user
SELECT AVG(score), SUM(score), MIN(score), MAX(score) FROM t_user
SELECT AVG(score) AS a, AVG(tier) AS t FROM t_user
SELECT MIN(born), MAX(born) FROM t_user
SELECT MIN(created), MAX(created) FROM t_order
SELECT SUM(amount), AVG(amount), MIN(amount), MAX(amount) FROM t_order
SELECT SUM(qty), SUM(price), SUM(qty * price), AVG(qty * price) FROM t_order_item
SELECT SUM(price * qty) - SUM(price) FROM t_order_item WHERE qty > 1
SELECT COUNT(*), SUM(amount) FROM t_order WHERE amount < 0
SELECT COUNT(*), SUM(balance), AVG(balance) FROM t_user WHERE user_id > 100000
SELECT MAX(score) FROM t_user WHERE city = 'nowhere'
SELECT BIT_OR(score), BIT_AND(score), BIT_XOR(score) FROM t_user
SELECT BIT_OR(tier), BIT_AND(tier + 1), BIT_XOR(user_id) FROM t_user
SELECT BIT_XOR(order_id), BIT_OR(qty) FROM t_order_item
ci: SELECT MIN(city), MAX(city) FROM t_user
ci: SELECT MIN(name), MAX(name) FROM t_user
ci: SELECT MIN(status), MAX(note) FROM t_order
SELECT COUNT(*) FROM t_user HAVING COUNT(*) > 0
SELECT COUNT(*) FROM t_user HAVING COUNT(*) > 100000
SELECT COUNT(*) AS n, SUM(amount) AS s FROM t_order WHERE status IS NULL
-- COUNT(DISTINCT) and other DISTINCT aggregates across shards
SELECT COUNT(DISTINCT user_id) FROM t_order
SELECT COUNT(DISTINCT city) FROM t_user
SELECT COUNT(DISTINCT name) FROM t_user
SELECT COUNT(DISTINCT status) FROM t_order
SELECT COUNT(DISTINCT score) FROM t_user
SELECT COUNT(DISTINCT product_id) FROM t_order_item
SELECT COUNT(DISTINCT user_id, status) FROM t_order
SELECT COUNT(DISTINCT amount), COUNT(*) FROM t_order
SELECT SUM(DISTINCT score), AVG(DISTINCT score) FROM t_user
SELECT SUM(DISTINCT amount), AVG(DISTINCT amount) FROM t_order
SELECT COUNT(DISTINCT YEAR(created)) FROM t_order
SELECT status, COUNT(DISTINCT user_id) FROM t_order WHERE status = 'new' GROUP BY status
SELECT tier, COUNT(DISTINCT city), COUNT(*) FROM t_user GROUP BY tier
SELECT qty, COUNT(DISTINCT product_id), COUNT(DISTINCT user_id) FROM t_order_item GROUP BY qty
-- GROUP BY, HAVING, ORDER BY an aggregate
SELECT tier, COUNT(*) FROM t_user GROUP BY tier
SELECT tier, COUNT(*), SUM(balance), AVG(balance), MIN(born), MAX(born) FROM t_user GROUP BY tier
SELECT score, COUNT(*) FROM t_user GROUP BY score
SELECT user_id, COUNT(*), SUM(amount) FROM t_order GROUP BY user_id
SELECT user_id, COUNT(*), SUM(qty * price) FROM t_order_item GROUP BY user_id
SELECT order_id, COUNT(*), SUM(price) FROM t_order_item GROUP BY order_id
SELECT product_id, COUNT(*), SUM(qty), AVG(price) FROM t_order_item GROUP BY product_id
SELECT amount, COUNT(*) FROM t_order GROUP BY amount
SELECT qty, SUM(price), MIN(price), MAX(price) FROM t_order_item GROUP BY qty
SELECT YEAR(created) AS y, MONTH(created) AS m, COUNT(*), SUM(amount) FROM t_order GROUP BY y, m
SELECT DATE(created) AS d, COUNT(*) FROM t_order GROUP BY d
SELECT YEAR(born), COUNT(*) FROM t_user GROUP BY YEAR(born)
SELECT score % 3 AS m, COUNT(*) FROM t_user GROUP BY score % 3
ci: SELECT city, COUNT(*) FROM t_user GROUP BY city
ci: SELECT city, COUNT(*), SUM(balance), AVG(balance), AVG(score) FROM t_user GROUP BY city
ci: SELECT name, COUNT(*) FROM t_user GROUP BY name
ci: SELECT status, COUNT(*), SUM(amount), AVG(amount) FROM t_order GROUP BY status
ci: SELECT note, COUNT(*) FROM t_order GROUP BY note
ci: SELECT status, note, COUNT(*) FROM t_order GROUP BY status, note
ci: SELECT city, tier, COUNT(*) FROM t_user GROUP BY city, tier
ci: SELECT city, MIN(name), MAX(name) FROM t_user GROUP BY city
ordered ci: SELECT city, COUNT(*) FROM t_user GROUP BY city ORDER BY city
ordered ci: SELECT city, COUNT(*) FROM t_user GROUP BY city ORDER BY city DESC
ordered ci: SELECT status, COUNT(*) FROM t_order GROUP BY status ORDER BY status
ordered: SELECT tier, COUNT(*) FROM t_user GROUP BY tier ORDER BY tier
ordered: SELECT tier, COUNT(*) AS n FROM t_user GROUP BY tier ORDER BY n DESC, tier
ordered: SELECT user_id, COUNT(*) AS n FROM t_order GROUP BY user_id ORDER BY n DESC, user_id LIMIT 10
ordered: SELECT user_id, SUM(amount) AS total FROM t_order GROUP BY user_id ORDER BY total DESC, user_id LIMIT 10
ordered: SELECT user_id, SUM(amount) FROM t_order GROUP BY user_id ORDER BY SUM(amount), user_id LIMIT 10
ordered: SELECT user_id, SUM(amount) FROM t_order GROUP BY user_id ORDER BY user_id LIMIT 100, 20
ordered: SELECT user_id, AVG(amount) FROM t_order GROUP BY user_id ORDER BY AVG(amount) DESC, user_id LIMIT 15
ordered: SELECT user_id, MAX(created) FROM t_order GROUP BY user_id ORDER BY MAX(created) DESC, user_id LIMIT 15
ordered: SELECT user_id, COUNT(*) FROM t_order GROUP BY user_id HAVING COUNT(*) >= 10 ORDER BY user_id
ordered: SELECT user_id, COUNT(*) FROM t_order GROUP BY user_id HAVING COUNT(*) > 8 ORDER BY COUNT(*) DESC, user_id
refused: SELECT user_id, COUNT(*) FROM t_order GROUP BY user_id HAVING (user_id, COUNT(*)) IN ((1, 10), (2, 11)) ORDER BY user_id
ordered: SELECT user_id, SUM(amount) FROM t_order GROUP BY user_id HAVING SUM(amount) > 3000 ORDER BY SUM(amount) DESC, user_id
ordered: SELECT user_id, SUM(amount) FROM t_order GROUP BY user_id HAVING SUM(amount) < 0 ORDER BY user_id
ordered: SELECT user_id, MIN(amount), MAX(amount) FROM t_order GROUP BY user_id HAVING MIN(amount) < 0 AND MAX(amount) > 500 ORDER BY user_id
ordered: SELECT user_id, AVG(amount) AS a FROM t_order GROUP BY user_id HAVING a BETWEEN 100 AND 200 ORDER BY a, user_id
ordered: SELECT product_id, SUM(qty) AS units FROM t_order_item GROUP BY product_id HAVING units > 100 ORDER BY units DESC, product_id
ordered: SELECT product_id, SUM(qty * price) AS revenue FROM t_order_item GROUP BY product_id ORDER BY revenue DESC, product_id LIMIT 5
ordered: SELECT order_id, COUNT(*) AS lines FROM t_order_item GROUP BY order_id HAVING lines = 4 ORDER BY order_id LIMIT 30
ordered: SELECT tier, AVG(balance) FROM t_user GROUP BY tier HAVING AVG(balance) > 0 ORDER BY tier
ordered: SELECT tier, COUNT(*) FROM t_user GROUP BY tier HAVING tier IN (1, 2) OR COUNT(*) < 130 ORDER BY tier
ordered: SELECT YEAR(created) AS y, COUNT(*) FROM t_order GROUP BY YEAR(created) ORDER BY y DESC
ordered: SELECT YEAR(created) AS y, MONTH(created) AS m, SUM(amount) FROM t_order GROUP BY y, m ORDER BY y, m
ordered: SELECT DATE(created) AS d, COUNT(*) AS n FROM t_order GROUP BY d ORDER BY n DESC, d LIMIT 10
ordered: SELECT qty, COUNT(*) FROM t_order_item GROUP BY qty ORDER BY qty
ordered ci: SELECT city, COUNT(*) AS n FROM t_user GROUP BY city ORDER BY n DESC, city
ordered ci: SELECT city, SUM(balance) AS total FROM t_user GROUP BY city ORDER BY total, city
ordered ci: SELECT city FROM t_user GROUP BY city HAVING COUNT(*) > 40 ORDER BY city
ordered ci: SELECT city, COUNT(*) FROM t_user GROUP BY city HAVING COUNT(*) > 40 ORDER BY 2 DESC, 1
ordered ci: SELECT status, SUM(amount) FROM t_order GROUP BY status HAVING SUM(amount) > 10000 ORDER BY SUM(amount) DESC
ordered ci: SELECT city FROM t_user GROUP BY city ORDER BY MAX(balance) DESC
ordered ci: SELECT name, COUNT(*) FROM t_user GROUP BY name ORDER BY COUNT(*) DESC, name LIMIT 3
-- Top-N per group (the forms real reports use)
ordered: SELECT user_id, MAX(amount) AS best FROM t_order GROUP BY user_id ORDER BY best DESC, user_id LIMIT 10
ordered: SELECT user_id, COUNT(*) AS n, SUM(amount) AS s FROM t_order WHERE status = 'paid' GROUP BY user_id ORDER BY s DESC, user_id LIMIT 5
ordered: SELECT product_id, COUNT(DISTINCT user_id) AS buyers FROM t_order_item GROUP BY product_id ORDER BY buyers DESC, product_id LIMIT 10
refused: SELECT o.order_id, o.user_id, o.amount FROM t_order o JOIN (SELECT user_id, MAX(amount) AS m FROM t_order GROUP BY user_id) d ON d.user_id = o.user_id AND d.m = o.amount ORDER BY o.user_id, o.order_id
ordered: SELECT o.user_id, o.order_id FROM t_order o WHERE o.order_id IN (SELECT MAX(order_id) FROM t_order GROUP BY user_id) ORDER BY o.user_id
ordered: SELECT user_id, order_id, amount FROM t_order WHERE user_id IN (SELECT user_id FROM t_user WHERE tier = 3) ORDER BY user_id, amount DESC, order_id LIMIT 60
-- Binding joins (node by node)
SELECT o.order_id, i.item_id, i.price FROM t_order o JOIN t_order_item i ON o.order_id = i.order_id AND o.user_id = i.user_id WHERE o.user_id = 12
ordered: SELECT o.order_id, i.item_id FROM t_order o JOIN t_order_item i ON o.order_id = i.order_id AND o.user_id = i.user_id ORDER BY o.order_id, i.item_id LIMIT 25
ordered: SELECT o.order_id, i.item_id FROM t_order o JOIN t_order_item i ON o.order_id = i.order_id AND o.user_id = i.user_id ORDER BY o.order_id DESC, i.item_id LIMIT 3000, 25
SELECT COUNT(*), SUM(i.qty * i.price) FROM t_order o JOIN t_order_item i ON o.order_id = i.order_id AND o.user_id = i.user_id
SELECT o.status, COUNT(*), SUM(i.price) FROM t_order o JOIN t_order_item i ON o.order_id = i.order_id AND o.user_id = i.user_id WHERE o.status = 'shipped' GROUP BY o.status
ci: SELECT o.status, COUNT(*), SUM(i.price), AVG(i.qty) FROM t_order o JOIN t_order_item i ON o.order_id = i.order_id AND o.user_id = i.user_id GROUP BY o.status
ordered: SELECT o.user_id, SUM(i.qty * i.price) AS revenue FROM t_order o JOIN t_order_item i ON o.order_id = i.order_id AND o.user_id = i.user_id GROUP BY o.user_id ORDER BY revenue DESC, o.user_id LIMIT 10
SELECT o.order_id, i.item_id FROM t_order o LEFT JOIN t_order_item i ON o.order_id = i.order_id AND o.user_id = i.user_id WHERE i.item_id IS NULL
SELECT COUNT(*) FROM t_order o LEFT JOIN t_order_item i ON o.order_id = i.order_id AND o.user_id = i.user_id AND i.qty > 3
SELECT t_order.order_id, t_order_item.item_id FROM t_order JOIN t_order_item USING (user_id, order_id) WHERE t_order.amount < 0
SELECT t_order.order_id, t_order_item.qty FROM t_order, t_order_item WHERE t_order.order_id = t_order_item.order_id AND t_order.user_id = t_order_item.user_id AND t_order_item.qty < 0
SELECT o.order_id FROM t_order o WHERE EXISTS (SELECT 1 FROM t_order_item i WHERE i.order_id = o.order_id AND i.user_id = o.user_id AND i.qty = 6)
ordered: SELECT o.order_id, o.amount, SUM(i.price) FROM t_order o JOIN t_order_item i ON i.order_id = o.order_id AND i.user_id = o.user_id GROUP BY o.order_id, o.amount HAVING SUM(i.price) > 500 ORDER BY o.order_id
-- Sharded with broadcast
SELECT i.item_id, p.name FROM t_order_item i JOIN t_product p ON p.product_id = i.product_id WHERE i.user_id = 18
ordered: SELECT i.item_id, p.name, p.list_price FROM t_order_item i JOIN t_product p ON p.product_id = i.product_id ORDER BY i.item_id LIMIT 40
ordered: SELECT i.item_id, p.name FROM t_order_item i LEFT JOIN t_product p ON p.product_id = i.product_id WHERE p.product_id IS NULL ORDER BY i.item_id
ci: SELECT p.category, COUNT(*), SUM(i.qty), SUM(i.qty * i.price) FROM t_order_item i JOIN t_product p ON p.product_id = i.product_id GROUP BY p.category
ordered: SELECT p.product_id, p.name, SUM(i.qty) AS units FROM t_order_item i JOIN t_product p ON p.product_id = i.product_id GROUP BY p.product_id, p.name ORDER BY units DESC, p.product_id LIMIT 10
ordered: SELECT o.order_id, p.name, i.qty FROM t_order o JOIN t_order_item i ON o.order_id = i.order_id AND o.user_id = i.user_id JOIN t_product p ON p.product_id = i.product_id WHERE o.user_id = 19 ORDER BY o.order_id, i.item_id
SELECT COUNT(*), SUM(i.price - p.list_price) FROM t_order_item i JOIN t_product p ON p.product_id = i.product_id WHERE i.price > p.list_price
ci: SELECT DISTINCT p.category FROM t_order_item i JOIN t_product p ON p.product_id = i.product_id WHERE i.qty = 6
SELECT p.product_id, COUNT(i.item_id) FROM t_product p LEFT JOIN t_order_item i ON i.product_id = p.product_id AND i.user_id = 25 GROUP BY p.product_id
-- Sharded with the unsharded table (cross-node joins)
ordered: SELECT c.coupon_id, u.name FROM t_coupon c JOIN t_user u ON u.user_id = c.user_id ORDER BY c.coupon_id
ordered: SELECT c.coupon_id, u.user_id, u.city FROM t_coupon c LEFT JOIN t_user u ON u.user_id = c.user_id ORDER BY c.coupon_id
ordered: SELECT u.user_id, c.code FROM t_user u JOIN t_coupon c ON c.user_id = u.user_id WHERE u.score > 50 ORDER BY u.user_id, c.coupon_id
ordered: SELECT o.order_id, c.code, c.discount FROM t_order o JOIN t_coupon c ON c.user_id = o.user_id WHERE o.amount > 500 ORDER BY o.order_id, c.coupon_id
ci: SELECT c.code, COUNT(*), SUM(o.amount) FROM t_coupon c JOIN t_order o ON o.user_id = c.user_id GROUP BY c.code
ordered: SELECT c.code, COUNT(*) AS n FROM t_coupon c JOIN t_order o ON o.user_id = c.user_id GROUP BY c.code ORDER BY n DESC, c.code LIMIT 3
SELECT COUNT(*), SUM(c.discount) FROM t_user u JOIN t_coupon c ON c.user_id = u.user_id
ordered: SELECT u.user_id, c.coupon_id FROM t_user u LEFT JOIN t_coupon c ON c.user_id = u.user_id WHERE u.user_id < 40 ORDER BY u.user_id, c.coupon_id
ordered: SELECT c.coupon_id, c.user_id FROM t_coupon c LEFT JOIN t_user u ON u.user_id = c.user_id WHERE u.user_id IS NULL ORDER BY c.coupon_id
-- Non-key joins across shards
ordered: SELECT u.user_id, o.order_id FROM t_user u JOIN t_order o ON o.user_id = u.user_id WHERE u.city = 'Porto' ORDER BY u.user_id, o.order_id
ordered: SELECT u.user_id, o.order_id, o.amount FROM t_user u LEFT JOIN t_order o ON o.user_id = u.user_id WHERE u.user_id > 550 ORDER BY u.user_id, o.order_id
ci: SELECT u.city, COUNT(*), SUM(o.amount) FROM t_user u JOIN t_order o ON o.user_id = u.user_id GROUP BY u.city
ordered ci: SELECT u.city, SUM(o.amount) AS s FROM t_user u JOIN t_order o ON o.user_id = u.user_id GROUP BY u.city ORDER BY s DESC, u.city
ordered: SELECT u1.user_id, u2.user_id FROM t_user u1 JOIN t_user u2 ON u2.score = u1.score WHERE u1.user_id < 30 AND u2.user_id < 60 ORDER BY u1.user_id, u2.user_id
refused: SELECT o.order_id, u.user_id FROM t_order o JOIN t_user u ON u.score = o.user_id % 100 WHERE o.order_id < 10040 AND u.user_id < 100 ORDER BY o.order_id, u.user_id
ordered: SELECT i.item_id, o.order_id FROM t_order_item i JOIN t_order o ON o.order_id = i.order_id WHERE i.item_id < 300 ORDER BY i.item_id
ordered: SELECT i.item_id, u.name FROM t_order_item i JOIN t_user u ON u.user_id = i.user_id WHERE i.qty < 0 ORDER BY i.item_id
SELECT COUNT(*) FROM t_order o JOIN t_user u ON u.user_id = o.user_id WHERE u.balance < 0
ordered: SELECT u.user_id, COUNT(o.order_id) AS n FROM t_user u LEFT JOIN t_order o ON o.user_id = u.user_id GROUP BY u.user_id ORDER BY n, u.user_id LIMIT 50
ordered: SELECT o1.order_id, o2.order_id FROM t_order o1 JOIN t_order o2 ON o2.created = o1.created AND o2.order_id > o1.order_id ORDER BY o1.order_id, o2.order_id
ci: SELECT DISTINCT u.name FROM t_user u JOIN t_order o ON o.user_id = u.user_id WHERE o.amount < 0
-- IN / NOT IN / EXISTS / scalar subqueries
ordered: SELECT user_id, name FROM t_user WHERE user_id IN (SELECT user_id FROM t_order WHERE amount > 900) ORDER BY user_id
ordered: SELECT user_id FROM t_user WHERE user_id NOT IN (SELECT user_id FROM t_order) ORDER BY user_id
ordered: SELECT user_id FROM t_user WHERE user_id IN (SELECT user_id FROM t_coupon WHERE code = 'C1') ORDER BY user_id
ordered: SELECT coupon_id FROM t_coupon WHERE user_id IN (SELECT user_id FROM t_user WHERE city = 'lyon') ORDER BY coupon_id
ordered: SELECT coupon_id FROM t_coupon WHERE user_id NOT IN (SELECT user_id FROM t_order WHERE amount < 0) ORDER BY coupon_id
ordered: SELECT product_id, name FROM t_product WHERE product_id IN (SELECT product_id FROM t_order_item WHERE qty < 0) ORDER BY product_id
ordered: SELECT product_id FROM t_product WHERE product_id NOT IN (SELECT product_id FROM t_order_item WHERE user_id < 50 AND product_id IS NOT NULL) ORDER BY product_id
ordered: SELECT product_id FROM t_product WHERE product_id NOT IN (SELECT product_id FROM t_order_item WHERE user_id < 50) ORDER BY product_id
ordered: SELECT order_id, amount FROM t_order WHERE amount > (SELECT AVG(amount) FROM t_order) AND user_id < 40 ORDER BY order_id
ordered: SELECT order_id FROM t_order WHERE amount = (SELECT MAX(amount) FROM t_order) ORDER BY order_id LIMIT 20
ordered: SELECT user_id FROM t_user WHERE balance > (SELECT AVG(balance) FROM t_user WHERE city = 'quebec') ORDER BY user_id LIMIT 50
SELECT COUNT(*) FROM t_user WHERE EXISTS (SELECT 1 FROM t_order WHERE amount > 999)
SELECT COUNT(*) FROM t_user WHERE NOT EXISTS (SELECT 1 FROM t_coupon WHERE discount > 100)
SELECT COUNT(*) FROM t_order WHERE user_id IN (SELECT user_id FROM t_user WHERE born < '1960-01-01')
SELECT status, COUNT(*) FROM t_order WHERE user_id IN (SELECT user_id FROM t_user WHERE tier = 0) AND status = 'new' GROUP BY status
ordered: SELECT user_id, SUM(amount) FROM t_order WHERE user_id IN (SELECT user_id FROM t_coupon WHERE discount > 40) GROUP BY user_id ORDER BY user_id
ordered: SELECT order_id FROM t_order WHERE order_id IN (SELECT order_id FROM t_order_item WHERE qty = 6 AND price > 150) ORDER BY order_id
ordered: SELECT name FROM t_user WHERE user_id IN (SELECT user_id FROM t_order WHERE order_id IN (SELECT order_id FROM t_order_item WHERE qty < 0)) ORDER BY user_id
ordered: SELECT i.item_id FROM t_order_item i WHERE i.product_id IN (SELECT product_id FROM t_product WHERE category = 'books') AND i.user_id < 30 ORDER BY i.item_id
ordered: SELECT user_id, SUM(amount) FROM t_order GROUP BY user_id HAVING SUM(amount) > (SELECT AVG(amount) FROM t_order) * 20 ORDER BY user_id
-- Derived tables
ordered: SELECT * FROM (SELECT user_id, name FROM t_user WHERE city = 'Lyon') d ORDER BY user_id
ordered: SELECT user_id, s FROM (SELECT user_id, SUM(amount) AS s FROM t_order GROUP BY user_id) d WHERE s > 3000 ORDER BY s DESC, user_id LIMIT 5
SELECT COUNT(*), MAX(n), MIN(n) FROM (SELECT user_id, COUNT(*) AS n FROM t_order GROUP BY user_id) d
ci: SELECT d.city, COUNT(*) FROM (SELECT city FROM t_user WHERE score > 50) AS d GROUP BY d.city
ordered: SELECT order_id FROM (SELECT order_id, amount FROM t_order ORDER BY amount DESC, order_id LIMIT 7) top ORDER BY order_id
-- UNION / UNION ALL
ordered: SELECT user_id, name FROM t_user WHERE user_id < 10 UNION ALL SELECT user_id, name FROM t_user WHERE user_id > 590 ORDER BY 1
ordered: SELECT user_id, name FROM t_user WHERE user_id IN (1, 3, 5) UNION ALL SELECT user_id, name FROM t_user WHERE user_id = 7 ORDER BY 1
SELECT user_id FROM t_user WHERE user_id = 2 UNION SELECT user_id FROM t_user WHERE user_id = 4
SELECT score FROM t_user UNION SELECT score FROM t_user WHERE user_id > 50
SELECT score FROM t_user WHERE tier = 1 UNION ALL SELECT score FROM t_user WHERE tier = 2
ci: SELECT city FROM t_user UNION SELECT city FROM t_user WHERE user_id > 50
ordered ci: SELECT city FROM t_user UNION SELECT city FROM t_user ORDER BY city DESC LIMIT 3
ordered: SELECT score FROM t_user WHERE score < 10 UNION SELECT score FROM t_user WHERE score > 90 ORDER BY score
ordered: SELECT score FROM t_user UNION SELECT tier FROM t_user ORDER BY score LIMIT 5, 10
ordered: SELECT order_id AS id, amount FROM t_order WHERE user_id = 3 UNION ALL SELECT order_id, price FROM t_order_item WHERE user_id = 3 ORDER BY id, amount
ordered: SELECT order_id AS id, amount FROM t_order WHERE amount < 0 UNION ALL SELECT order_id, price FROM t_order_item WHERE qty < 0 ORDER BY id DESC, amount LIMIT 30
ci: SELECT status FROM t_order UNION DISTINCT SELECT status FROM t_order WHERE amount > 100
SELECT amount FROM t_order WHERE user_id < 100 UNION SELECT price FROM t_order_item WHERE user_id < 100
ordered: SELECT order_id FROM t_order WHERE amount < 0 UNION SELECT order_id FROM t_order WHERE status IS NULL ORDER BY order_id LIMIT 100, 20
SELECT user_id FROM t_user WHERE user_id = 1 UNION ALL SELECT user_id FROM t_user WHERE user_id = 2
SELECT product_id FROM t_product WHERE list_price > 500 UNION SELECT product_id FROM t_product WHERE category IS NULL
-- Select items over aggregates: computed by the merger, described as the nodes describe them
SELECT SUM(amount) / COUNT(*) FROM t_order
SELECT SUM(amount) / COUNT(*), AVG(amount) * 2, MAX(amount) - MIN(amount), COUNT(*) * 3 + 1 FROM t_order WHERE user_id < 40
ordered ci: SELECT status, SUM(amount) / COUNT(*) AS mean, MAX(amount) - MIN(amount) AS spread, COUNT(*) * 2 FROM t_order WHERE user_id < 50 GROUP BY status ORDER BY status
ordered: SELECT tier, COUNT(*) - COUNT(city) AS no_city, SUM(score) / SUM(tier + 1) FROM t_user GROUP BY tier HAVING no_city >= 0 ORDER BY no_city DESC, tier
ordered: SELECT tier, MAX(balance) / MIN(balance) AS r FROM t_user WHERE balance > 0 GROUP BY tier ORDER BY tier
ordered: SELECT tier, AVG(score) * 1.5 AS s, -SUM(score) FROM t_user GROUP BY tier ORDER BY s, tier
SELECT ROUND(AVG(amount), 2), ROUND(SUM(amount) / COUNT(*), 1), IFNULL(MAX(amount), 0), COALESCE(MIN(amount), -1) FROM t_order
ordered: SELECT tier, ROUND(AVG(score)), ROUND(AVG(balance), 1) AS b, IFNULL(SUM(score), 0) FROM t_user GROUP BY tier ORDER BY tier
ordered: SELECT tier, ROUND(AVG(score), 3) AS a FROM t_user GROUP BY tier HAVING ROUND(AVG(score), 1) > 0 ORDER BY a DESC, tier
SELECT IFNULL(SUM(amount), 0), ROUND(AVG(amount), 2), COUNT(*) FROM t_order WHERE user_id < -1000000
refused: SELECT COALESCE(MAX(status), 'none') FROM t_order
refused: SELECT ROUND(AVG(amount), -1) FROM t_order
refused: SELECT LENGTH(MAX(status)) FROM t_order
refused: SELECT ROUND(SUM(score) * 0.5e0) FROM t_user
-- GROUP_CONCAT (deterministic forms)
SELECT user_id, GROUP_CONCAT(name) FROM t_user WHERE user_id < 30 GROUP BY user_id
ordered: SELECT tier, GROUP_CONCAT(user_id ORDER BY user_id) FROM t_user WHERE user_id < 60 GROUP BY tier ORDER BY tier
ordered: SELECT user_id, GROUP_CONCAT(order_id ORDER BY order_id SEPARATOR ';') FROM t_order WHERE user_id < 30 GROUP BY user_id ORDER BY user_id
SELECT GROUP_CONCAT(DISTINCT qty ORDER BY qty) FROM t_order_item
SELECT GROUP_CONCAT(DISTINCT tier ORDER BY tier DESC) FROM t_user
ordered ci: SELECT city, GROUP_CONCAT(DISTINCT tier ORDER BY tier) FROM t_user GROUP BY city ORDER BY city
ordered: SELECT qty, GROUP_CONCAT(DISTINCT product_id ORDER BY product_id) FROM t_order_item WHERE product_id < 10 GROUP BY qty ORDER BY qty
ordered ci: SELECT tier, COUNT(*), COUNT(city), SUM(score), MIN(name), MAX(balance), GROUP_CONCAT(user_id ORDER BY user_id DESC SEPARATOR '|') FROM t_user WHERE user_id < 80 GROUP BY tier ORDER BY tier
ordered: SELECT tier, AVG(score), GROUP_CONCAT(name ORDER BY user_id) AS names FROM t_user WHERE user_id < 50 GROUP BY tier HAVING COUNT(*) > 2 ORDER BY tier DESC
SELECT GROUP_CONCAT(order_id ORDER BY amount DESC, order_id) FROM t_order WHERE user_id < 15
ordered: SELECT tier, GROUP_CONCAT(user_id ORDER BY score DESC, user_id LIMIT 3) AS top3 FROM t_user GROUP BY tier ORDER BY tier
SELECT GROUP_CONCAT(DISTINCT qty ORDER BY qty DESC SEPARATOR ' ' LIMIT 2, 3) FROM t_order_item
SELECT GROUP_CONCAT(order_id ORDER BY order_id LIMIT 5 OFFSET 100000), COUNT(*) FROM t_order
ordered: SELECT user_id, GROUP_CONCAT(order_id ORDER BY created DESC, order_id LIMIT 1) AS latest FROM t_order WHERE user_id < 25 GROUP BY user_id ORDER BY user_id
refused: SELECT GROUP_CONCAT(user_id ORDER BY 1) FROM t_user WHERE user_id < 10
-- GROUP BY … WITH ROLLUP: the nodes' groups merged, the super-aggregate rows computed by the merger
ordered: SELECT tier, COUNT(*), SUM(balance), MIN(born), MAX(score), AVG(score) FROM t_user GROUP BY tier WITH ROLLUP
ordered: SELECT tier, score > 50 AS high, COUNT(*) FROM t_user WHERE user_id < 200 GROUP BY tier, high WITH ROLLUP
ordered: SELECT user_id, COUNT(*), AVG(amount), SUM(amount) / COUNT(*) AS mean FROM t_order WHERE user_id < 20 GROUP BY user_id WITH ROLLUP
ordered: SELECT tier, COUNT(DISTINCT city), COUNT(DISTINCT score) FROM t_user GROUP BY tier WITH ROLLUP
ordered: SELECT tier, COUNT(*) AS n FROM t_user GROUP BY tier WITH ROLLUP HAVING n > 100
ordered: SELECT YEAR(created) AS y, MONTH(created) AS m, COUNT(*), SUM(amount) FROM t_order GROUP BY y, m WITH ROLLUP LIMIT 20
ordered: SELECT product_id, qty, COUNT(*) FROM t_order_item WHERE product_id < 5 GROUP BY product_id, qty WITH ROLLUP LIMIT 3, 30
refused: SELECT tier, city, COUNT(*) FROM t_user GROUP BY tier WITH ROLLUP
refused: SELECT tier, COUNT(*) FROM t_user GROUP BY tier DESC WITH ROLLUP
-- DECIMAL exactness
SELECT SUM(balance) / 3, SUM(balance) * 1.005 FROM t_user
SELECT SUM(amount * 0.07) FROM t_order
SELECT AVG(price), AVG(qty), SUM(price) / SUM(qty) FROM t_order_item
ordered: SELECT user_id, SUM(amount), AVG(amount), SUM(amount) - MIN(amount) FROM t_order GROUP BY user_id ORDER BY user_id LIMIT 40
SELECT SUM(qty * price * 1.2) FROM t_order_item WHERE qty > 0
SELECT MIN(price * qty), MAX(price * qty) FROM t_order_item
ordered: SELECT item_id, price / 7 FROM t_order_item ORDER BY item_id LIMIT 20
SELECT SUM(discount), AVG(discount), MAX(discount) FROM t_coupon
-- Dates
SELECT MIN(DATE(created)), MAX(DATE(created)) FROM t_order
ordered: SELECT DATE(created) AS d, SUM(amount) FROM t_order WHERE created >= '2026-03-01' AND created < '2026-03-08' GROUP BY d ORDER BY d
ordered: SELECT order_id, created FROM t_order WHERE created BETWEEN '2026-01-01' AND '2026-01-03' ORDER BY created, order_id
ordered: SELECT user_id, born FROM t_user WHERE born IS NOT NULL ORDER BY MONTH(born), DAY(born), user_id LIMIT 30
ordered: SELECT YEAR(born) DIV 10 * 10 AS decade, COUNT(*) FROM t_user GROUP BY decade ORDER BY decade
ordered: SELECT order_id, DATE_ADD(created, INTERVAL 1 DAY) FROM t_order WHERE user_id = 21 ORDER BY order_id
SELECT COUNT(*) FROM t_order WHERE created > NOW()
SELECT COUNT(*) FROM t_order WHERE YEAR(created) = 2025 AND MONTH(created) = 12
-- (COUNT(DISTINCT) beside MONTH() is left out: MariaDB reports MONTH()'s display length as 2 or 3
-- depending on whether it groups through a temporary table, and the nodes' plan differs from
-- the reference's.)
ordered: SELECT MONTH(created) AS m, COUNT(*), SUM(amount) FROM t_order WHERE YEAR(created) = 2025 GROUP BY m ORDER BY m
-- Collation-insensitive predicates and ordering
SELECT COUNT(*) FROM t_user WHERE city = 'QUEBEC'
SELECT COUNT(*) FROM t_order WHERE status = 'PaId'
SELECT COUNT(*) FROM t_user WHERE name IN ('jose', 'zoe', 'unal')
ordered: SELECT user_id, name FROM t_user WHERE name IN ('alice', 'chloe') ORDER BY name, user_id
ordered: SELECT user_id, city FROM t_user WHERE city LIKE 'l%' ORDER BY city, user_id
ordered: SELECT order_id, note FROM t_order WHERE note = 'GIFT' ORDER BY order_id
ordered: SELECT product_id, category FROM t_product ORDER BY category, product_id
ci: SELECT category, COUNT(*), AVG(list_price) FROM t_product GROUP BY category
-- More report shapes
ordered ci: SELECT status, MAX(amount) AS top FROM t_order GROUP BY status ORDER BY top DESC, status
ordered: SELECT tier, MAX(balance), MIN(balance) FROM t_user GROUP BY tier ORDER BY MAX(balance) DESC, tier
ordered: SELECT order_id, amount FROM t_order WHERE status = 'paid' ORDER BY amount, order_id LIMIT 200, 50
ordered: SELECT user_id, name FROM t_user ORDER BY name, user_id LIMIT 550, 100
ordered: SELECT item_id, order_id FROM t_order_item WHERE price > 100 ORDER BY order_id DESC, item_id DESC LIMIT 2000, 15
SELECT order_id, GROUP_CONCAT(status) FROM t_order WHERE order_id < 10100 GROUP BY order_id
SELECT user_id, GROUP_CONCAT(order_id ORDER BY order_id) FROM t_order WHERE user_id = 12 GROUP BY user_id
SELECT GROUP_CONCAT(name ORDER BY name) FROM t_user WHERE user_id = 5
SELECT COUNT(*), GROUP_CONCAT(DISTINCT qty) FROM t_order_item WHERE qty < -5
SELECT SUM(balance), AVG(balance) FROM t_user WHERE city = 'lyon'
SELECT tier, SUM(balance * 1.5), AVG(balance * -1) FROM t_user GROUP BY tier
SELECT SUM(-amount), MIN(-price) FROM t_order o JOIN t_order_item i ON i.order_id = o.order_id AND i.user_id = o.user_id
ordered: SELECT user_id, SUM(amount * -1) AS s FROM t_order GROUP BY user_id ORDER BY s, user_id LIMIT 12
SELECT SUM(balance) FROM t_user WHERE balance < 0
SELECT AVG(amount) FROM t_order WHERE amount <> 0
ordered: SELECT o.user_id, COUNT(*) AS n, SUM(i.qty) AS units FROM t_order o JOIN t_order_item i ON i.order_id = o.order_id AND i.user_id = o.user_id WHERE o.created >= '2025-06-01' GROUP BY o.user_id HAVING units > 20 ORDER BY units DESC, o.user_id LIMIT 10
ordered: SELECT product_id, SUM(qty) FROM t_order_item WHERE product_id IN (SELECT product_id FROM t_product WHERE list_price > 500) GROUP BY product_id ORDER BY product_id
ordered: SELECT user_id FROM t_user WHERE user_id IN (SELECT user_id FROM t_order_item WHERE product_id IN (SELECT product_id FROM t_product WHERE category = 'toys')) AND tier = 2 ORDER BY user_id
-- Refused honestly (1235): not counted, asserted separately
refused: SELECT user_id, order_id, ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY amount DESC) AS rn FROM t_order
ordered: SELECT order_id, item_id, ROW_NUMBER() OVER (PARTITION BY user_id, order_id ORDER BY item_id) AS line FROM t_order_item WHERE user_id < 40 ORDER BY order_id, item_id
SELECT order_id, item_id, SUM(qty * price) OVER (PARTITION BY i.user_id, i.order_id) AS order_total FROM t_order_item i
ordered: SELECT user_id, balance, RANK() OVER w AS r FROM t_user WINDOW w AS (PARTITION BY user_id ORDER BY balance) ORDER BY user_id LIMIT 12
refused: SELECT user_id, COUNT(*) OVER () FROM t_user
ordered: SELECT order_id, GROUP_CONCAT(product_id ORDER BY product_id DESC SEPARATOR '/') AS products, COUNT(*) FROM t_order_item GROUP BY user_id, order_id ORDER BY order_id LIMIT 25
ordered: SELECT user_id, order_id, SUM(qty), AVG(price), MAX(product_id) FROM t_order_item GROUP BY user_id, order_id
SELECT i.order_id, GROUP_CONCAT(DISTINCT i.qty ORDER BY i.qty) FROM t_order_item i GROUP BY i.order_id, i.user_id HAVING COUNT(*) > 1
ordered: SELECT user_id, order_id, COUNT(*), ROW_NUMBER() OVER (PARTITION BY user_id, order_id) FROM t_order_item GROUP BY user_id, order_id ORDER BY user_id DESC, order_id LIMIT 10
ordered: SELECT user_id, COUNT(*), ROW_NUMBER() OVER (PARTITION BY user_id) FROM t_user GROUP BY user_id
refused: SELECT tier, COUNT(*), ROW_NUMBER() OVER (PARTITION BY tier) FROM t_user GROUP BY tier
SELECT o.user_id, o.order_id FROM t_order o WHERE o.amount = (SELECT MAX(o2.amount) FROM t_order o2 WHERE o2.user_id = o.user_id)
refused: SELECT STDDEV(amount) FROM t_order
-- Edge cases: empty inputs, aggregates not selected, DISTINCT with LIMIT, mixed directions
SELECT BIT_AND(score), BIT_OR(score), BIT_XOR(score), COUNT(score) FROM t_user WHERE user_id > 100000
SELECT MIN(born), MAX(created), SUM(amount), AVG(amount), COUNT(DISTINCT status) FROM t_order o JOIN t_user u ON u.user_id = o.user_id WHERE o.amount > 100000
SELECT tier, COUNT(*) FROM t_user WHERE user_id > 100000 GROUP BY tier
ordered: SELECT user_id FROM t_order GROUP BY user_id HAVING SUM(amount) > 2000 ORDER BY MAX(amount) DESC, user_id
ordered: SELECT user_id FROM t_order GROUP BY user_id ORDER BY COUNT(*) DESC, user_id LIMIT 7
ordered: SELECT user_id, COUNT(*) FROM t_order GROUP BY user_id HAVING MIN(created) < '2025-01-05' ORDER BY user_id
ordered: SELECT DISTINCT user_id FROM t_order ORDER BY user_id DESC LIMIT 5 OFFSET 500
ordered: SELECT DISTINCT amount, status FROM t_order WHERE status = 'new' ORDER BY amount DESC, status LIMIT 4
ordered: SELECT tier, score, user_id FROM t_user ORDER BY tier DESC, score, user_id DESC LIMIT 120
ordered: SELECT user_id, city, name FROM t_user ORDER BY city DESC, name, user_id LIMIT 200, 40
ordered: SELECT COUNT(DISTINCT user_id) AS buyers, product_id FROM t_order_item GROUP BY product_id ORDER BY buyers, product_id LIMIT 5
ordered: SELECT product_id, COUNT(DISTINCT order_id), SUM(qty) FROM t_order_item GROUP BY product_id HAVING COUNT(DISTINCT order_id) > 150 ORDER BY product_id
SELECT COUNT(*) FROM t_user WHERE name = 'alice ' 
SELECT COUNT(*), COUNT(DISTINCT note) FROM t_order WHERE note = 'ÉTÉ'
SELECT user_id, tier FROM t_user WHERE tier IS NULL AND score IS NULL
ordered: SELECT order_id, amount FROM t_order WHERE amount IN (0, -2.50) ORDER BY amount, order_id LIMIT 30
ordered: SELECT user_id, balance FROM t_user WHERE balance IS NOT NULL ORDER BY ABS(balance), user_id LIMIT 20
ordered: SELECT user_id, score FROM t_user WHERE score BETWEEN -5 AND 5 ORDER BY score, user_id
ordered: SELECT o.order_id, i.item_id FROM t_order o LEFT JOIN t_order_item i ON i.order_id = o.order_id AND i.user_id = o.user_id ORDER BY o.order_id, i.item_id LIMIT 6000, 40
ordered: SELECT u.user_id, c.coupon_id FROM t_user u RIGHT JOIN t_coupon c ON c.user_id = u.user_id WHERE c.coupon_id < 40 ORDER BY c.coupon_id
SELECT user_id, MAX(amount) - 0 FROM t_order WHERE user_id = 12 GROUP BY user_id
ci: SELECT status, COUNT(*) FROM t_order WHERE user_id IN (1, 2, 3, 4, 5, 6, 7, 8) GROUP BY status
ordered: SELECT status, COUNT(*) FROM t_order GROUP BY status HAVING status IS NULL ORDER BY 2
ordered: SELECT user_id, COUNT(*), SUM(qty) FROM t_order_item WHERE user_id < 0 GROUP BY user_id ORDER BY user_id
-- Conditional aggregates, CASE, scalar subqueries in the select list, UNION type mixes
SELECT SUM(CASE WHEN status = 'paid' THEN amount ELSE 0 END), COUNT(CASE WHEN status IS NULL THEN 1 END) FROM t_order
ordered: SELECT user_id, SUM(CASE WHEN amount < 0 THEN 1 ELSE 0 END) AS refunds, SUM(amount) FROM t_order GROUP BY user_id ORDER BY refunds DESC, user_id LIMIT 10
ci: SELECT CASE WHEN balance < 0 THEN 'debt' WHEN balance IS NULL THEN 'unknown' ELSE 'ok' END AS kind, COUNT(*) FROM t_user GROUP BY kind
SELECT tier, SUM(IF(score > 50, 1, 0)), AVG(IF(city IS NULL, 0, 1)) FROM t_user GROUP BY tier
ordered: SELECT user_id, name, (SELECT COUNT(*) FROM t_coupon) AS coupons FROM t_user WHERE user_id < 10 ORDER BY user_id
refused: SELECT order_id, amount - (SELECT MIN(amount) FROM t_order) FROM t_order WHERE user_id = 7 ORDER BY order_id
SELECT born AS d FROM t_user WHERE user_id < 20 UNION ALL SELECT created FROM t_order WHERE user_id < 20
ordered: SELECT born AS d FROM t_user WHERE user_id < 40 UNION SELECT created FROM t_order WHERE user_id < 40 ORDER BY d DESC LIMIT 30
ci: SELECT user_id, born FROM t_user WHERE user_id < 30 UNION SELECT amount, status FROM t_order WHERE user_id < 30
refused: SELECT born FROM t_user WHERE user_id < 5 UNION ALL SELECT amount FROM t_order WHERE user_id < 5
SELECT user_id FROM t_user WHERE user_id < 50 UNION SELECT user_id FROM t_order WHERE amount > 100
ci: ordered: SELECT user_id, name FROM t_user WHERE user_id < 20 UNION ALL SELECT user_id, status FROM t_order WHERE user_id < 20 ORDER BY 1, 2 LIMIT 30
ci: SELECT city AS place FROM t_user UNION SELECT category FROM t_product
ordered: SELECT user_id AS who FROM t_user WHERE user_id BETWEEN 5 AND 9 UNION SELECT user_id FROM t_order WHERE user_id BETWEEN 7 AND 12 UNION SELECT 100 ORDER BY who DESC LIMIT 2, 4
SELECT score FROM t_user WHERE user_id < 50 UNION SELECT balance FROM t_user WHERE user_id < 50
SELECT city FROM t_user WHERE user_id < 40 UNION ALL SELECT NULL FROM t_user WHERE user_id < 5
ordered: SELECT user_id, name FROM t_user WHERE city = 'Porto' UNION SELECT user_id, name FROM t_user WHERE tier = 0 ORDER BY user_id LIMIT 50, 25
ci: SELECT u.city, COUNT(DISTINCT o.user_id), SUM(o.amount), MAX(o.created) FROM t_user u JOIN t_order o ON o.user_id = u.user_id WHERE o.status = 'paid' GROUP BY u.city
refused: SELECT u.tier, COUNT(*) AS n FROM t_user u JOIN t_order o ON o.user_id = u.user_id GROUP BY u.tier HAVING COUNT(*) > 100 ORDER BY n DESC, u.tier
ordered: SELECT DISTINCT u.user_id FROM t_user u JOIN t_order o ON o.user_id = u.user_id WHERE o.amount = 999.99 ORDER BY u.user_id LIMIT 20
ordered: SELECT p.category, p.name, p.list_price FROM t_product p WHERE p.product_id IN (SELECT product_id FROM t_order_item WHERE qty = 6 AND user_id < 0) ORDER BY p.product_id
ordered: SELECT c.coupon_id, o.order_id FROM t_coupon c JOIN t_order o ON o.user_id = c.user_id AND o.amount < 0 ORDER BY c.coupon_id, o.order_id
ordered: SELECT i.item_id, p.name, u.name FROM t_order_item i JOIN t_product p ON p.product_id = i.product_id JOIN t_user u ON u.user_id = i.user_id WHERE i.qty < 0 ORDER BY i.item_id
SELECT CONCAT(name, '@', COALESCE(city, '?')), CHAR_LENGTH(name), LEFT(city, 2) FROM t_user WHERE user_id BETWEEN 200 AND 260
ordered: SELECT user_id, ROUND(balance, 0), TRUNCATE(balance, 1), FLOOR(balance) FROM t_user WHERE user_id > 570 ORDER BY user_id
-- HAVING and MIN/MAX over case- and accent-insensitive strings (evaluated by the merger)
ci: SELECT city, COUNT(*) FROM t_user GROUP BY city HAVING city = 'LYON'
ci: SELECT city, COUNT(*) FROM t_user GROUP BY city HAVING city > 'm'
ci: SELECT city, COUNT(*) FROM t_user GROUP BY city HAVING city IN ('quebec', 'MALMO', 'zurich')
ci: SELECT city FROM t_user GROUP BY city HAVING MAX(name) = 'zoe'
ci: SELECT tier, MIN(city), MAX(city), MIN(name), MAX(name) FROM t_user GROUP BY tier
ci: SELECT status, MIN(note), MAX(note) FROM t_order GROUP BY status
ci: SELECT city, COUNT(*) FROM t_user GROUP BY city HAVING COUNT(*) > 1 AND MIN(name) < 'b'
ci: SELECT note, COUNT(*) FROM t_order GROUP BY note HAVING note LIKE 'e%'
ordered ci: SELECT name, COUNT(*) FROM t_user GROUP BY name ORDER BY name LIMIT 5
ordered ci: SELECT name, COUNT(*) FROM t_user GROUP BY name ORDER BY name DESC LIMIT 4, 4
SELECT COUNT(*) FROM (SELECT DISTINCT city FROM t_user) d
SELECT COUNT(DISTINCT city, tier), COUNT(DISTINCT name, city) FROM t_user
ci: SELECT DISTINCT city, tier FROM t_user WHERE tier = 2
ordered: SELECT DISTINCT tier FROM t_user ORDER BY tier DESC
SELECT user_id, COUNT(*) FROM t_order GROUP BY user_id ORDER BY NULL
refused: SELECT * FROM t_order ORDER BY 2, 1 LIMIT 10 OFFSET 2990
ordered: SELECT order_id FROM t_order ORDER BY order_id LIMIT 2995, 18446744073709551615
-- Sharding keys written in odd ways
SELECT user_id, name FROM t_user WHERE user_id IN ('1', '2', '-37')
SELECT user_id FROM t_user WHERE user_id = 12.5
SELECT user_id FROM t_user WHERE user_id = 13.0
SELECT user_id FROM t_user WHERE user_id BETWEEN 10 AND 5
SELECT user_id FROM t_user WHERE -user_id = 37
SELECT user_id FROM t_user WHERE user_id = -0
SELECT user_id FROM t_user WHERE user_id = 0x0C
SELECT order_id FROM t_order WHERE user_id = 12 OR order_id = 10001
SELECT order_id FROM t_order WHERE (user_id, order_id) IN ((12, 10302), (7, 10064))
SELECT COUNT(*) FROM t_order WHERE user_id IN (SELECT user_id FROM t_user WHERE user_id < 0)
SELECT user_id FROM t_user WHERE user_id = '12abc'
-- Cross-node join keys of every kind: case-insensitive strings, DECIMAL, mixed types, NULLs
ordered: SELECT u1.user_id, u2.user_id FROM t_user u1 JOIN t_user u2 ON u2.city = u1.city WHERE u1.user_id < 20 AND u2.user_id < 40 ORDER BY u1.user_id, u2.user_id
ordered: SELECT u1.user_id, u2.user_id, u2.name FROM t_user u1 JOIN t_user u2 ON u2.name = u1.name WHERE u1.user_id BETWEEN 1 AND 12 AND u2.user_id < 80 ORDER BY u1.user_id, u2.user_id
ordered: SELECT u1.user_id, u2.user_id FROM t_user u1 LEFT JOIN t_user u2 ON u2.city = u1.city AND u2.user_id > 590 WHERE u1.user_id < 25 ORDER BY u1.user_id, u2.user_id
ordered: SELECT o.order_id, i.item_id FROM t_order o JOIN t_order_item i ON i.price = o.amount WHERE o.order_id < 10300 ORDER BY o.order_id, i.item_id
ordered: SELECT u.user_id, o.order_id FROM t_user u JOIN t_order o ON o.amount = u.balance ORDER BY u.user_id, o.order_id
ordered: SELECT u.user_id, i.item_id FROM t_user u JOIN t_order_item i ON i.qty = u.score WHERE u.user_id < 15 AND i.item_id < 200 ORDER BY u.user_id, i.item_id
ordered: SELECT u.user_id, o.order_id FROM t_user u JOIN t_order o ON o.note = u.city ORDER BY u.user_id, o.order_id
ordered: SELECT o.order_id, u.name FROM t_order o JOIN t_user u ON u.user_id = o.user_id ORDER BY u.name, o.order_id LIMIT 1000, 20
ordered: SELECT o.order_id, u.city FROM t_order o LEFT JOIN t_user u ON u.user_id = o.user_id AND u.city LIKE 'q%' ORDER BY o.order_id DESC LIMIT 40
SELECT COUNT(*), COUNT(u.city), SUM(o.amount) FROM t_order o JOIN t_user u ON u.user_id = o.user_id
SELECT COUNT(*) FROM t_order_item i JOIN t_user u ON u.user_id = i.user_id
-- Subqueries binding strings, DECIMALs, dates and NULLs
ordered: SELECT user_id, city FROM t_user WHERE city IN (SELECT city FROM t_user WHERE user_id BETWEEN 1 AND 3) ORDER BY user_id
ordered: SELECT order_id, amount FROM t_order WHERE amount IN (SELECT price FROM t_order_item WHERE qty = 6 AND user_id < 100) ORDER BY order_id
ordered: SELECT user_id, born FROM t_user WHERE born IN (SELECT DATE(created) FROM t_order WHERE user_id < 60) ORDER BY user_id
ordered: SELECT order_id FROM t_order WHERE amount > (SELECT MAX(amount) FROM t_order WHERE user_id > 100000) ORDER BY order_id
ordered: SELECT order_id FROM t_order WHERE status IN (SELECT status FROM t_order WHERE order_id = 10001) AND user_id < 20 ORDER BY order_id
ordered: SELECT order_id FROM t_order WHERE note NOT IN (SELECT note FROM t_order WHERE user_id < 10) ORDER BY order_id
ordered: SELECT order_id FROM t_order WHERE note NOT IN (SELECT note FROM t_order WHERE user_id < 10 AND note IS NOT NULL) ORDER BY order_id LIMIT 50
SELECT COUNT(*) FROM t_user WHERE EXISTS (SELECT 1 FROM t_order WHERE user_id > 100000)
ordered: SELECT user_id FROM t_user WHERE user_id IN (SELECT user_id FROM t_coupon) AND user_id IN (SELECT user_id FROM t_order WHERE amount < 0) ORDER BY user_id
-- Bound tables joined on other columns than every sharding column: a cross-node join (the
-- partners of a row may sit on another node, or in the other table of its node)
ordered: SELECT o.order_id, i.item_id FROM t_order o JOIN t_order_item i ON i.user_id = o.user_id WHERE o.user_id IN (12, 13, -37) ORDER BY o.order_id, i.item_id
SELECT COUNT(*) FROM t_order o JOIN t_order_item i ON i.user_id = o.user_id
ordered: SELECT o.order_id, i.item_id FROM t_order o JOIN t_order_item i ON i.order_id = o.order_id + 1 AND i.user_id = o.user_id WHERE o.order_id < 10200 ORDER BY o.order_id, i.item_id
ordered: SELECT o.order_id, i.item_id, i.qty FROM t_order o LEFT JOIN t_order_item i ON i.qty = o.user_id WHERE o.order_id < 10030 ORDER BY o.order_id, i.item_id
refused: SELECT COUNT(*) FROM t_order o, t_order_item i
-- Explicit collations, expressions in ORDER BY / GROUP BY, odd shapes
ordered: SELECT user_id, name FROM t_user ORDER BY name COLLATE utf8mb4_bin, user_id LIMIT 60
SELECT name COLLATE utf8mb4_bin AS n, COUNT(*) FROM t_user GROUP BY n
SELECT COUNT(*) FROM t_user WHERE BINARY name = 'alice'
SELECT COUNT(DISTINCT name COLLATE utf8mb4_bin) FROM t_user
ordered: SELECT order_id, amount FROM t_order ORDER BY -amount, order_id LIMIT 15
ordered: SELECT order_id, status FROM t_order ORDER BY CASE WHEN status IS NULL THEN 0 ELSE 1 END, order_id LIMIT 40
ordered: SELECT user_id, ABS(balance) AS a FROM t_user ORDER BY a DESC, user_id LIMIT 10
SELECT DISTINCT COUNT(*) FROM t_order GROUP BY user_id
SELECT tier, COUNT(*) FROM t_user GROUP BY tier LIMIT 0
ordered: SELECT tier, COUNT(*) FROM t_user GROUP BY tier ORDER BY tier LIMIT 2, 2
SELECT AVG(user_id), SUM(user_id), MIN(user_id), MAX(user_id) FROM t_user
SELECT SUM(balance * balance * balance) FROM t_user
ordered: SELECT user_id MOD 7 AS r, COUNT(*) FROM t_user GROUP BY r ORDER BY r
SELECT COUNT(*) FROM t_order WHERE user_id IN (1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,-37,38,39,40)
ordered: SELECT user_id, name FROM t_user WHERE name LIKE '%\_%' OR name LIKE 'O''%' ORDER BY user_id
ordered: SELECT user_id, name FROM t_user WHERE name LIKE 'eun-%' ORDER BY user_id
SELECT COUNT(*) FROM t_order HAVING SUM(amount) > 0
ordered: SELECT status, COUNT(*) FROM t_order WHERE status IN ('new', 'cancelled') GROUP BY status ORDER BY status
ordered: SELECT d.y, d.n FROM (SELECT YEAR(created) AS y, COUNT(*) AS n FROM t_order GROUP BY YEAR(created)) d ORDER BY d.y
refused: SELECT d.user_id, d.n, u.name FROM (SELECT user_id, COUNT(*) AS n FROM t_order GROUP BY user_id) d JOIN t_user u ON u.user_id = d.user_id WHERE d.n > 9 ORDER BY d.user_id
refused: SELECT u.user_id, d.total FROM t_user u LEFT JOIN (SELECT user_id, SUM(amount) AS total FROM t_order GROUP BY user_id) d ON d.user_id = u.user_id WHERE u.user_id > 580 ORDER BY u.user_id
ordered: SELECT user_id, order_id FROM t_order WHERE user_id < 0 UNION ALL SELECT user_id, order_id FROM t_order_item WHERE user_id < 0 ORDER BY user_id, order_id LIMIT 40
ci: SELECT name FROM t_user WHERE tier = 0 UNION SELECT name FROM t_user WHERE tier = 1
ordered: SELECT tier, COUNT(*), COUNT(score), COUNT(DISTINCT score), SUM(DISTINCT tier) FROM t_user GROUP BY tier ORDER BY tier
ordered: SELECT o.order_id, p.category FROM t_order o JOIN t_order_item i ON i.order_id = o.order_id AND i.user_id = o.user_id LEFT JOIN t_product p ON p.product_id = i.product_id WHERE o.user_id < 5 ORDER BY o.order_id, i.item_id
ordered: SELECT c.coupon_id, p.name FROM t_coupon c JOIN t_product p ON p.product_id = c.coupon_id ORDER BY c.coupon_id
ordered: SELECT u.user_id, p.name FROM t_user u JOIN t_product p ON p.product_id = u.tier + 1 WHERE u.user_id < 20 ORDER BY u.user_id
-- ShardingSphere-style joins of bound tables on order_id only (run as cross-node joins)
SELECT i.* FROM t_order o JOIN t_order_item i ON o.order_id = i.order_id WHERE o.order_id IN (10010, 10011, 10012)
ci: SELECT o.status, COUNT(*), SUM(i.price) FROM t_order o JOIN t_order_item i ON o.order_id = i.order_id GROUP BY o.status
SELECT o.user_id, SUM(i.price), COUNT(*) FROM t_order o JOIN t_order_item i ON o.order_id = i.order_id WHERE o.user_id = 12 GROUP BY o.user_id
ordered: SELECT o.order_id, COUNT(*) AS n FROM t_order o JOIN t_order_item i ON o.order_id = i.order_id GROUP BY o.order_id ORDER BY n DESC, o.order_id LIMIT 10
-- (HAVING over a cross-node join is refused; joined on user_id too, the same query runs node by node)
refused: SELECT o.order_id, COUNT(*) FROM t_order o JOIN t_order_item i ON o.order_id = i.order_id GROUP BY o.order_id HAVING COUNT(*) > 3 ORDER BY o.order_id
ordered: SELECT o.order_id, i.item_id, p.name FROM t_order o JOIN t_order_item i ON o.order_id = i.order_id JOIN t_product p ON p.product_id = i.product_id WHERE o.user_id = 12 ORDER BY i.item_id
ordered: SELECT o.order_id, COUNT(*) FROM t_order o JOIN t_order_item i ON o.order_id = i.order_id AND o.user_id = i.user_id GROUP BY o.order_id HAVING COUNT(*) > 3 ORDER BY o.order_id
-- DATETIME(3): fractional seconds through the merger and both protocols
ordered: SELECT order_id, paid_at FROM t_order ORDER BY paid_at, order_id LIMIT 40
ordered: SELECT order_id, paid_at FROM t_order ORDER BY paid_at DESC, order_id LIMIT 100, 40
SELECT MIN(paid_at), MAX(paid_at), COUNT(paid_at), COUNT(DISTINCT paid_at) FROM t_order
ordered: SELECT DATE(paid_at) AS d, COUNT(*), MAX(paid_at) FROM t_order WHERE paid_at >= '2026-02-01' AND paid_at < '2026-02-08' GROUP BY d ORDER BY d
ordered: SELECT user_id, MAX(paid_at) AS last_paid FROM t_order GROUP BY user_id ORDER BY last_paid DESC, user_id LIMIT 10
ordered: SELECT order_id, TIMESTAMPDIFF(SECOND, created, paid_at) FROM t_order WHERE user_id < 10 ORDER BY order_id
ordered: SELECT paid_at FROM t_order WHERE user_id < 20 UNION SELECT created FROM t_order WHERE user_id < 20 ORDER BY 1 LIMIT 50
ordered: SELECT o.order_id, o.paid_at, u.born FROM t_order o JOIN t_user u ON u.user_id = o.user_id WHERE o.paid_at > '2026-06-01' ORDER BY o.paid_at, o.order_id LIMIT 30
-- USING / NATURAL across nodes (refused), stars of both sides
refused: SELECT * FROM t_user u JOIN t_order o USING (user_id) WHERE o.order_id < 10050 ORDER BY o.order_id
refused: SELECT * FROM t_coupon c LEFT JOIN t_user u USING (user_id) WHERE c.coupon_id < 30 ORDER BY c.coupon_id
refused: SELECT user_id, c.code, u.name FROM t_coupon c JOIN t_user u USING (user_id) ORDER BY c.coupon_id
refused: SELECT * FROM t_coupon NATURAL JOIN t_user ORDER BY coupon_id
ordered: SELECT o.*, u.* FROM t_order o JOIN t_user u ON u.user_id = o.user_id WHERE o.amount > 900 ORDER BY o.order_id
ordered: SELECT u.name, o.* FROM t_user u RIGHT JOIN t_order o ON o.user_id = u.user_id AND u.tier = 1 WHERE o.order_id < 10040 ORDER BY o.order_id
-- Statements without a FROM over sharded subqueries, FIELD() ordering, locking reads
SELECT (SELECT COUNT(*) FROM t_order), (SELECT MAX(amount) FROM t_order)
SELECT EXISTS (SELECT 1 FROM t_order WHERE amount < 0), NOT EXISTS (SELECT 1 FROM t_user WHERE user_id > 100000)
select exists(select * from `t_user` where `city` = 'Porto' and `tier` = 2) as `exists`
SELECT EXISTS (SELECT 1 FROM t_order WHERE amount > 900) AND NOT EXISTS (SELECT 1 FROM t_user WHERE user_id = -999), EXISTS (SELECT 1 FROM t_coupon WHERE code = 'none') OR EXISTS (SELECT 1 FROM t_order_item WHERE qty > 1000) AS either
SELECT (SELECT name FROM t_user WHERE user_id = 7) AS n, (SELECT born FROM t_user WHERE user_id = 7) AS b, (SELECT balance FROM t_user WHERE user_id = 7) AS bal
SELECT (SELECT MIN(created) FROM t_order) AS first, (SELECT AVG(amount) FROM t_order) AS avg_amount, (SELECT SUM(qty) FROM t_order_item)
SELECT (SELECT note FROM t_order WHERE user_id = -1) AS nothing, (SELECT city FROM t_user WHERE user_id = 3) AS city, (SELECT status FROM t_order WHERE order_id = 10037) AS status
SELECT *, (SELECT MAX(amount) FROM t_order) AS top FROM t_product WHERE product_id < 4
ordered: SELECT u.user_id, (SELECT COUNT(*) FROM t_order_item) AS items, NOT EXISTS (SELECT 1 FROM t_order WHERE amount > 100000) AS none FROM t_user u WHERE u.user_id BETWEEN 3 AND 9 ORDER BY u.user_id
refused: SELECT (SELECT COUNT(*) FROM t_order) + (SELECT COUNT(*) FROM t_user)
refused: SELECT user_id, 3 IN (SELECT user_id FROM t_order) FROM t_user WHERE user_id < 5
SELECT 1 FROM t_user LIMIT 1
ordered: SELECT order_id, status FROM t_order WHERE user_id < 15 ORDER BY FIELD(status, 'new', 'paid', 'shipped'), order_id
ordered: SELECT user_id, name FROM t_user WHERE user_id BETWEEN 10 AND 30 ORDER BY user_id FOR UPDATE
ordered: SELECT order_id FROM t_order WHERE user_id = 12 ORDER BY order_id LOCK IN SHARE MODE
ordered: SELECT tier AS t, COUNT(*) FROM t_user GROUP BY t HAVING t > 0 ORDER BY t
WITH big AS (SELECT user_id, SUM(amount) AS s FROM t_order GROUP BY user_id) SELECT * FROM big WHERE s > 3000
ordered: WITH n AS (SELECT user_id, COUNT(*) AS c FROM t_order GROUP BY user_id) SELECT c, COUNT(*) FROM n GROUP BY c ORDER BY c
refused: WITH big AS (SELECT user_id, SUM(amount) AS s FROM t_order GROUP BY user_id) SELECT u.name, big.s FROM big JOIN t_user u ON u.user_id = big.user_id
ordered: SELECT SQL_CALC_FOUND_ROWS order_id FROM t_order ORDER BY order_id LIMIT 5
SELECT FOUND_ROWS()
ordered: SELECT SQL_CALC_FOUND_ROWS user_id, SUM(amount) AS s FROM t_order WHERE status = 'paid' GROUP BY user_id ORDER BY s DESC, user_id LIMIT 3, 4
SELECT FOUND_ROWS()
-- ORDER BY NULL (no order asked; Django's GROUP BY on MySQL): merged without sorting
SELECT order_id, status FROM t_order WHERE user_id < 30 ORDER BY NULL
ci: SELECT DISTINCT status FROM t_order ORDER BY NULL
SELECT user_id, COUNT(*) FROM t_order GROUP BY user_id ORDER BY NULL
SELECT u.user_id, u.name, COUNT(o.order_id) AS n FROM t_user u LEFT OUTER JOIN t_order o ON (u.user_id = o.user_id) WHERE u.user_id < 40 GROUP BY u.user_id ORDER BY NULL
SELECT u.name, o.order_id FROM t_user u JOIN t_order o ON o.user_id = u.user_id WHERE o.amount > 900 ORDER BY NULL
-- Correlated EXISTS over tables on other nodes, correlated by equalities only: keys read first
ordered: SELECT u.user_id FROM t_user u WHERE EXISTS (SELECT 1 FROM t_order o WHERE o.user_id = u.user_id AND o.amount > 900) ORDER BY u.user_id
ordered: select `t_user`.* from `t_user` where exists (select * from `t_order` where `t_user`.`user_id` = `t_order`.`user_id` and `status` = 'paid' and `amount` < 0) order by `user_id` limit 20
ordered: SELECT u.user_id, u.city FROM t_user u WHERE NOT EXISTS (SELECT 1 FROM t_order o WHERE o.note = u.city) AND u.user_id < 60 ORDER BY u.user_id
ordered: SELECT u.user_id, u.tier FROM t_user u WHERE EXISTS (SELECT 1 FROM t_order_item i WHERE i.user_id = u.user_id AND i.qty = u.tier LIMIT 1) ORDER BY u.user_id
ordered: SELECT u.user_id, EXISTS (SELECT 1 FROM t_order o WHERE o.user_id = u.user_id AND o.status = 'paid') AS paid, NOT EXISTS (SELECT 1 FROM t_coupon c WHERE c.user_id = u.user_id) FROM t_user u WHERE u.user_id < 30 ORDER BY u.user_id
SELECT COUNT(*) FROM t_product p WHERE NOT EXISTS (SELECT 1 FROM t_order_item i WHERE i.product_id = p.product_id AND i.qty > 9)
ordered: SELECT u.user_id, (SELECT COUNT(*) FROM t_order o WHERE o.user_id = u.user_id) AS orders_count FROM t_user u WHERE u.user_id < 40 ORDER BY u.user_id
ordered: SELECT u.user_id, (SELECT SUM(o.amount) FROM t_order o WHERE o.user_id = u.user_id AND o.status = 'paid') AS paid, (SELECT MAX(o.created) FROM t_order o WHERE o.user_id = u.user_id) AS last FROM t_user u WHERE u.user_id BETWEEN 100 AND 130 ORDER BY u.user_id
ordered: SELECT u.user_id FROM t_user u WHERE (SELECT COUNT(*) FROM t_order o WHERE o.user_id = u.user_id) >= 12 ORDER BY u.user_id
ordered: SELECT c.coupon_id, (SELECT AVG(o.amount) FROM t_order o WHERE o.user_id = c.user_id) AS avg_amount, (SELECT MIN(u.name) FROM t_user u WHERE u.user_id = c.user_id) FROM t_coupon c ORDER BY c.coupon_id
ordered: SELECT u.user_id, u.tier, (SELECT COUNT(*) FROM t_order_item i WHERE i.user_id = u.user_id AND i.qty = u.tier) AS n FROM t_user u WHERE u.user_id < 30 ORDER BY u.user_id
refused: SELECT u.user_id, (SELECT COUNT(*) FROM t_order o WHERE o.user_id = u.user_id) + 1 FROM t_user u
refused: SELECT u.user_id, (SELECT o.amount FROM t_order o WHERE o.user_id = u.user_id LIMIT 1) FROM t_user u
refused: SELECT u.user_id FROM t_user u WHERE EXISTS (SELECT 1 FROM t_order o WHERE o.user_id = u.user_id AND o.created > u.born)
refused: SELECT u.user_id FROM t_user u WHERE EXISTS (SELECT MAX(amount) FROM t_order o WHERE o.user_id = u.user_id)
-- The standard form of LIMIT: OFFSET … ROWS FETCH FIRST … ROWS ONLY
ordered: SELECT order_id, amount FROM t_order ORDER BY amount DESC, order_id OFFSET 10 ROWS FETCH FIRST 15 ROWS ONLY
ordered: SELECT user_id, COUNT(*) AS n FROM t_order GROUP BY user_id ORDER BY n DESC, user_id FETCH NEXT 5 ROWS ONLY
ordered: SELECT user_id FROM t_user WHERE user_id < 50 UNION SELECT user_id FROM t_order WHERE user_id < 60 ORDER BY user_id OFFSET 5 ROW FETCH FIRST 10 ROW ONLY
ordered: SELECT SQL_CALC_FOUND_ROWS order_id FROM t_order WHERE amount > 500 ORDER BY order_id OFFSET 3 ROWS FETCH FIRST 4 ROWS ONLY
SELECT FOUND_ROWS()
-- Multi-table writes of bound tables not joined on every sharding column (harmless if run)
refused: UPDATE t_order o JOIN t_order_item i ON i.order_id = o.order_id SET i.price = i.price WHERE o.user_id = 12
refused: DELETE i FROM t_order o JOIN t_order_item i ON i.order_id = o.order_id WHERE o.user_id = 12 AND i.qty > 100
