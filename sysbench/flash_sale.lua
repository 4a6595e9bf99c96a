#!/usr/bin/sysbench
-- Flash sale: many buyers race for a few hot products.
--
-- Tables (sysbench/flash_sale.py documents the sharded layout and checks the outcome):
--   fs_user        users; sharded by user_id
--   fs_order       one row per order; sharded by user_id
--   fs_order_item  the order's lines; sharded by user_id, bound to fs_order
--   fs_product     product names and prices; broadcast (a copy on every shard)
--   fs_stock       stock of the hot products; one table on one shard (the default data source)
--
-- One event = one buyer's transaction: lock the stock rows of 1..--max-items distinct products
-- in ascending id order (no deadlocks between buyers), take min(wanted, left) of each, never
-- letting stock go below zero, then insert the order and its items on the buyer's shard and
-- COMMIT. Through shardproxy the transaction spans the stock shard and the buyer's shard: an
-- XA transaction. A buyer who gets nothing (sold out) rolls back.
--
-- usage: sysbench sysbench/flash_sale.lua --db-driver=mysql --mysql-... \
--          [--users=1000] [--products=10] [--initial-stock=1000] [--max-items=3] \
--          [--max-quantity=3] prepare|run|cleanup

sysbench.cmdline.options = {
   users = {"Number of users", 1000},
   products = {"Number of hot products", 10},
   initial_stock = {"Initial stock of every product", 2000},
   max_items = {"Most distinct products in one order", 3},
   max_quantity = {"Most units of one product in one order", 3},
   xa = {"Buyers send XA START/END/PREPARE/COMMIT themselves (for one MariaDB; through " ..
         "shardproxy leave it off: the proxy makes multi-shard transactions XA)", false},
}

local TABLES = {"fs_order_item", "fs_order", "fs_stock", "fs_product", "fs_user"}

local function create_schema(con)
   con:query([[CREATE TABLE fs_user (
  user_id BIGINT NOT NULL,
  name VARCHAR(64) NOT NULL,
  PRIMARY KEY (user_id)) ENGINE=InnoDB]])
   con:query([[CREATE TABLE fs_product (
  product_id INT NOT NULL,
  name VARCHAR(64) NOT NULL,
  price DECIMAL(10,2) NOT NULL,
  PRIMARY KEY (product_id)) ENGINE=InnoDB]])
   con:query([[CREATE TABLE fs_stock (
  product_id INT NOT NULL,
  initial_stock INT NOT NULL,
  stock INT NOT NULL,
  PRIMARY KEY (product_id),
  CONSTRAINT fs_stock_not_negative CHECK (stock >= 0)) ENGINE=InnoDB]])
   con:query([[CREATE TABLE fs_order (
  order_id BIGINT NOT NULL,
  user_id BIGINT NOT NULL,
  item_count INT NOT NULL,
  total DECIMAL(14,2) NOT NULL,
  PRIMARY KEY (order_id),
  KEY fs_order_user (user_id)) ENGINE=InnoDB]])
   con:query([[CREATE TABLE fs_order_item (
  order_id BIGINT NOT NULL,
  item_no INT NOT NULL,
  user_id BIGINT NOT NULL,
  product_id INT NOT NULL,
  quantity INT NOT NULL,
  price DECIMAL(10,2) NOT NULL,
  PRIMARY KEY (order_id, item_no),
  KEY fs_order_item_user (user_id)) ENGINE=InnoDB]])
end

function cmd_prepare()
   local drv = sysbench.sql.driver()
   local con = drv:connect()
   print("Creating the flash-sale tables...")
   create_schema(con)

   print(string.format("Inserting %d users", sysbench.opt.users))
   con:bulk_insert_init("INSERT INTO fs_user (user_id, name) VALUES")
   for u = 1, sysbench.opt.users do
      con:bulk_insert_next(string.format("(%d, 'user-%d')", u, u))
   end
   con:bulk_insert_done()

   print(string.format("Inserting %d hot products with %d in stock each",
                       sysbench.opt.products, sysbench.opt.initial_stock))
   con:bulk_insert_init("INSERT INTO fs_product (product_id, name, price) VALUES")
   for p = 1, sysbench.opt.products do
      con:bulk_insert_next(string.format("(%d, 'hot product %d', %d.%02d)",
                                         p, p, 10 + p, (p * 37) % 100))
   end
   con:bulk_insert_done()
   con:bulk_insert_init("INSERT INTO fs_stock (product_id, initial_stock, stock) VALUES")
   for p = 1, sysbench.opt.products do
      con:bulk_insert_next(string.format("(%d, %d, %d)", p, sysbench.opt.initial_stock,
                                         sysbench.opt.initial_stock))
   end
   con:bulk_insert_done()
end

function cleanup()
   local drv = sysbench.sql.driver()
   local con = drv:connect()
   for _, t in ipairs(TABLES) do
      print("Dropping table '" .. t .. "'...")
      con:query("DROP TABLE IF EXISTS " .. t)
   end
end

sysbench.cmdline.commands = {
   prepare = {cmd_prepare},
}

function thread_init()
   drv = sysbench.sql.driver()
   con = drv:connect()
   -- Order ids unique across threads and runs, and exact in LuaJIT's doubles (< 2^53):
   -- 24 bits of the start time in seconds, 8 bits of thread id, 20 bits of counter.
   order_id_base = ((os.time() % 16777216) * 256 + sysbench.tid % 256) * 1048576
   order_counter = 0
   attempt = 0
end

local xid

local function begin()
   if sysbench.opt.xa then
      attempt = attempt + 1
      xid = string.format("'fs-%.0f-%d'", order_id_base, attempt)
      con:query("XA START " .. xid)
   else
      con:query("BEGIN")
   end
end

local function commit()
   if sysbench.opt.xa then
      con:query("XA END " .. xid)
      con:query("XA PREPARE " .. xid)
      con:query("XA COMMIT " .. xid)
   else
      con:query("COMMIT")
   end
end

local function rollback()
   if sysbench.opt.xa then
      con:query("XA END " .. xid)
      con:query("XA ROLLBACK " .. xid)
   else
      con:query("ROLLBACK")
   end
end

function thread_done()
   con:disconnect()
end

local function distinct_products()
   local wanted = sysbench.rand.uniform(1, math.min(sysbench.opt.max_items,
                                                     sysbench.opt.products))
   local chosen, list = {}, {}
   while #list < wanted do
      local p = sysbench.rand.uniform(1, sysbench.opt.products)
      if not chosen[p] then
         chosen[p] = true
         list[#list + 1] = p
      end
   end
   table.sort(list)  -- every buyer locks in the same order
   return list
end

function event()
   local user_id = sysbench.rand.uniform(1, sysbench.opt.users)
   local items = {}
   local total_cents = 0

   begin()
   for _, p in ipairs(distinct_products()) do
      local stock = tonumber(con:query_row(
         "SELECT stock FROM fs_stock WHERE product_id = " .. p .. " FOR UPDATE"))
      local quantity = math.min(sysbench.rand.uniform(1, sysbench.opt.max_quantity), stock)
      if quantity > 0 then
         -- The guard repeats the invariant: even a wrong read could not oversell.
         con:query(string.format("UPDATE fs_stock SET stock = stock - %d " ..
                                    "WHERE product_id = %d AND stock >= %d",
                                 quantity, p, quantity))
         local price = con:query_row("SELECT price FROM fs_product WHERE product_id = " .. p)
         local whole, cents = price:match("^(%d+)%.(%d%d)$")
         total_cents = total_cents + quantity * (tonumber(whole) * 100 + tonumber(cents))
         items[#items + 1] = {p, quantity, price}
      end
   end

   if #items == 0 then
      rollback()  -- sold out
      return
   end

   order_counter = order_counter + 1
   local order_id = order_id_base + order_counter
   con:query(string.format("INSERT INTO fs_order (order_id, user_id, item_count, total) " ..
                              "VALUES (%d, %d, %d, %d.%02d)", order_id, user_id, #items,
                           math.floor(total_cents / 100), total_cents % 100))
   local rows = {}
   for n, item in ipairs(items) do
      rows[n] = string.format("(%d, %d, %d, %d, %d, %s)", order_id, n, user_id, item[1],
                              item[2], item[3])
   end
   con:query("INSERT INTO fs_order_item (order_id, item_no, user_id, product_id, quantity, " ..
                "price) VALUES " .. table.concat(rows, ", "))
   commit()
end
