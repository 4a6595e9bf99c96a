-- Demo data for the quickstart, loaded through the proxy: the proxy creates every logical table
-- on the shards that hold it and routes each row to its shard.
CREATE TABLE t_user (
  user_id BIGINT NOT NULL PRIMARY KEY,
  name VARCHAR(64) NOT NULL,
  city VARCHAR(64),
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE t_order (
  order_id BIGINT NOT NULL PRIMARY KEY,
  user_id BIGINT NOT NULL,
  status VARCHAR(16) NOT NULL,
  total DECIMAL(12,2) NOT NULL,
  created_at DATETIME NOT NULL,
  KEY idx_user (user_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE t_order_item (
  item_id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  order_id BIGINT NOT NULL,
  user_id BIGINT NOT NULL,
  product_id INT NOT NULL,
  quantity INT NOT NULL,
  price DECIMAL(10,2) NOT NULL,
  KEY idx_order (order_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE t_product (
  product_id INT NOT NULL PRIMARY KEY,
  name VARCHAR(64) NOT NULL,
  price DECIMAL(10,2) NOT NULL,
  stock INT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE t_region (
  region_id INT NOT NULL PRIMARY KEY,
  name VARCHAR(64) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

INSERT INTO t_region VALUES (1, 'North'), (2, 'South'), (3, 'East'), (4, 'West');
INSERT INTO t_product VALUES
  (1, 'Espresso beans 1kg', 24.90, 120), (2, 'Grinder', 89.00, 15), (3, 'Milk jug', 12.50, 60),
  (4, 'Tamper', 19.99, 40), (5, 'Scale', 34.00, 25);
INSERT INTO t_user (user_id, name, city) VALUES
  (1, 'Alice', 'Lyon'), (2, 'Bob', 'Porto'), (3, 'Chloé', 'Québec'), (4, 'Dmitri', 'Tallinn'),
  (5, 'Eun-ji', 'Busan'), (6, 'Farah', 'Cairo'), (7, 'Gustav', 'Malmö'), (8, 'Hana', 'Osaka');
INSERT INTO t_order (order_id, user_id, status, total, created_at) VALUES
  (1001, 1, 'paid', 37.40, '2026-11-01 09:15:00'), (1002, 2, 'shipped', 89.00, '2026-11-02 12:00:00'),
  (1003, 3, 'paid', 24.90, '2026-11-03 18:30:00'), (1004, 4, 'cancelled', 19.99, '2026-11-04 08:05:00'),
  (1005, 5, 'paid', 58.90, '2026-11-05 21:45:00'), (1006, 1, 'shipped', 34.00, '2026-11-06 10:10:00'),
  (1007, 6, 'paid', 12.50, '2026-11-07 14:20:00'), (1008, 8, 'paid', 113.90, '2026-11-08 16:00:00');
INSERT INTO t_order_item (order_id, user_id, product_id, quantity, price) VALUES
  (1001, 1, 1, 1, 24.90), (1001, 1, 3, 1, 12.50), (1002, 2, 2, 1, 89.00), (1003, 3, 1, 1, 24.90),
  (1004, 4, 4, 1, 19.99), (1005, 5, 1, 2, 24.90), (1005, 5, 5, 0, 9.10), (1006, 1, 5, 1, 34.00),
  (1007, 6, 3, 1, 12.50), (1008, 8, 2, 1, 89.00), (1008, 8, 1, 1, 24.90);
