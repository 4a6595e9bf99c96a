#!/usr/bin/sysbench
-- sysbench's own prepare (oltp_common.lua: CREATE TABLE, bulk multi-row INSERTs, CREATE INDEX),
-- with rows that depend only on --load-seed and the table number.
--
-- Stock sysbench 1.0.20 does not give the same rows twice for the same --rand-seed, so the
-- validation could not load a reference server "from the same seed". This wrapper keeps every
-- statement sysbench sends and only replaces the value generators with LuaJIT's math.random,
-- reseeded per table (rows do not depend on which thread prepares which table).
--
-- --table-options appends to CREATE TABLE (e.g. Spider's COMMENT and PARTITION clauses); every
-- %d in it is replaced by the table number.
--
-- usage: sysbench sysbench/seeded_prepare.lua --tables=4 --table-size=10000 --auto-inc=off \
--          --load-seed=1 [--table-options=...] [--mysql-storage-engine=...] prepare|cleanup

require("oltp_common")

sysbench.cmdline.options.load_seed =
   {"Seed of the rows: the same seed gives the same rows", 1}
sysbench.cmdline.options.table_options =
   {"Appended to CREATE TABLE; %d = table number", ""}

local function seeded_string(template)
   return (template:gsub("#", function() return tostring(math.random(0, 9)) end))
end

local c_template = "###########-###########-###########-###########-###########-" ..
   "###########-###########-###########-###########-###########"
local pad_template = "###########-###########-###########-###########-###########"

function get_c_value()
   return seeded_string(c_template)
end

function get_pad_value()
   return seeded_string(pad_template)
end

function sb_rand(low, high)
   return math.random(low, high)
end

local stock_create_table = create_table

function create_table(drv, con, table_num)
   math.randomseed(sysbench.opt.load_seed * 100003 + table_num)
   mysql_table_options = (sysbench.opt.table_options or ""):gsub("%%d", tostring(table_num))
   stock_create_table(drv, con, table_num)
end
