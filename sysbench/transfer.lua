#!/usr/bin/env sysbench
-- Bank transfers (issue 7's benchmark): each event moves an amount between two accounts in one
-- transaction: BEGIN; UPDATE debit; UPDATE credit; COMMIT.
--
-- Accounts are sharded by id mod 2 (sysbench/transfer_bench.py's config), so
--   --mode=cross  the two accounts have ids of different parity: every transfer spans both
--                 shards (two-phase commit with transaction type xa);
--   --mode=same   both ids are even: every transfer stays on shard 0 (one phase).
-- Opposite-order transfers can deadlock across shards; run with --mysql-ignore-errors=1213,1205
-- so the victim's event is retried, as applications do.

sysbench.cmdline.options = {
  accounts = {"Number of accounts", 10000},
  mode = {"cross (accounts on different shards) or same (both on shard 0)", "cross"},
  initial = {"Initial balance of every account", 1000},
}

local function accounts()
  return sysbench.opt.accounts - sysbench.opt.accounts % 2
end

function prepare()
  local drv = sysbench.sql.driver()
  local con = drv:connect()
  con:query("CREATE TABLE IF NOT EXISTS account (id INT NOT NULL PRIMARY KEY, " ..
            "balance BIGINT NOT NULL) ENGINE=InnoDB")
  local batch = {}
  for id = 0, accounts() - 1 do
    batch[#batch + 1] = string.format("(%d,%d)", id, sysbench.opt.initial)
    if #batch == 500 or id == accounts() - 1 then
      con:query("INSERT INTO account (id, balance) VALUES " .. table.concat(batch, ","))
      batch = {}
    end
  end
end

function cleanup()
  local drv = sysbench.sql.driver()
  local con = drv:connect()
  con:query("DROP TABLE IF EXISTS account")
end

function thread_init()
  drv = sysbench.sql.driver()
  con = drv:connect()
end

function thread_done()
  con:disconnect()
end

local function pick()
  local half = accounts() / 2
  local a = 2 * sysbench.rand.uniform(0, half - 1)
  local b
  if sysbench.opt.mode == "same" then
    repeat b = 2 * sysbench.rand.uniform(0, half - 1) until b ~= a
  else
    b = 2 * sysbench.rand.uniform(0, half - 1) + 1
    if sysbench.rand.uniform(0, 1) == 1 then a, b = b, a end
  end
  return a, b
end

function event()
  local from, to = pick()
  local amount = sysbench.rand.uniform(1, 100)
  con:query("BEGIN")
  con:query(string.format("UPDATE account SET balance = balance - %d WHERE id = %d", amount, from))
  con:query(string.format("UPDATE account SET balance = balance + %d WHERE id = %d", amount, to))
  con:query("COMMIT")
end
