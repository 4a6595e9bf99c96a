"""Statements for the passthrough differential tests.

SETUP runs directly on both reference and proxied servers. STATEMENTS then run in order in one
session on each side (directly against the reference, through the proxy against its twin), and
everything the client can observe must be equal. The sequence is stateful on purpose: inserts
produce ids, transactions change status flags, SET and USE change the session.
Nothing here may depend on time or connection ids.
"""

SETUP = r"""
CREATE DATABASE shop;
CREATE DATABASE other;
USE shop;
CREATE TABLE t_types (
  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  c_tiny TINYINT, c_utiny TINYINT UNSIGNED, c_small SMALLINT, c_medium MEDIUMINT,
  c_big BIGINT, c_ubig BIGINT UNSIGNED, c_dec DECIMAL(12,3), c_float FLOAT, c_double DOUBLE,
  c_date DATE, c_datetime DATETIME(6), c_time TIME(3), c_ts TIMESTAMP NULL DEFAULT NULL,
  c_year YEAR, c_char CHAR(10), c_varchar VARCHAR(64), c_text TEXT, c_blob BLOB,
  c_binary VARBINARY(16), c_enum ENUM('a','b','c'), c_set SET('x','y','z'), c_bit BIT(12),
  c_json JSON, c_latin1 VARCHAR(20) CHARACTER SET latin1, c_bin VARCHAR(20) COLLATE utf8mb4_bin
) ENGINE=InnoDB;
INSERT INTO t_types VALUES
 (1, -128, 255, -32768, 8388607, -9223372036854775808, 18446744073709551615, -123456789.123,
  3.14, 2.718281828459045, '2024-02-29', '2024-02-29 23:59:59.123456', '-838:59:59.000',
  '2024-01-01 00:00:00', 2024, 'abc', 'Grüße', 'long text', X'00FF10', X'DEADBEEF', 'b', 'x,z',
  b'101010101010', '{"k": [1, 2, null]}', 'café', 'BinCase'),
 (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 (3, 0, 0, 0, 0, 0, 0, 0.000, 0, 0, '1000-01-01', '1000-01-01 00:00:00.000000', '00:00:00.000',
  NULL, 1901, '', '', '', '', '', 'a', '', b'0', '[]', '', '');
CREATE TABLE t_user (
  user_id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(50) NOT NULL,
  email VARCHAR(100) UNIQUE,
  balance DECIMAL(10,2) NOT NULL DEFAULT 0
) ENGINE=InnoDB;
INSERT INTO t_user (name, email, balance) VALUES
 ('alice', 'alice@example.com', 10.50), ('bob', 'bob@example.com', 0), ('Émile', NULL, 99.99);
CREATE TABLE t_small (id TINYINT PRIMARY KEY, v VARCHAR(3)) ENGINE=InnoDB;
USE other;
CREATE TABLE t_other (id INT PRIMARY KEY, note VARCHAR(20));
INSERT INTO t_other VALUES (1, 'in other');
"""

STATEMENTS = [
    # What client libraries ask at start-up.
    "select @@version_comment limit 1",
    "SELECT DATABASE()",
    "SELECT @@session.auto_increment_increment AS auto_increment_increment, "
    "@@character_set_client AS character_set_client, "
    "@@character_set_connection AS character_set_connection, "
    "@@character_set_results AS character_set_results, @@character_set_server AS "
    "character_set_server, @@collation_server AS collation_server, @@init_connect AS init_connect, "
    "@@interactive_timeout AS interactive_timeout, @@license AS license, "
    "@@lower_case_table_names AS lower_case_table_names, @@max_allowed_packet AS "
    "max_allowed_packet, @@net_write_timeout AS net_write_timeout, @@sql_mode AS sql_mode, "
    "@@system_time_zone AS system_time_zone, @@time_zone AS time_zone, "
    "@@transaction_isolation AS transaction_isolation, @@wait_timeout AS wait_timeout",
    "SELECT VERSION()",
    "SELECT @@transaction_isolation",
    "SELECT @@sql_mode",
    "SELECT @@lower_case_table_names",
    "SELECT @@autocommit, @@session.autocommit",
    # Every column type, NULLs, empty strings, extremes.
    "SELECT * FROM t_types ORDER BY id",
    "SELECT c_dec * 2, c_double / 3, c_big + 1, c_ubig - 1, -c_tiny FROM t_types ORDER BY id",
    "SELECT CAST(c_dec AS CHAR), CONCAT(c_char, '|'), LENGTH(c_blob), HEX(c_bit) FROM t_types "
    "ORDER BY id",
    "SELECT COUNT(*), SUM(c_dec), AVG(c_double), MIN(c_date), MAX(c_datetime) FROM t_types",
    "SELECT * FROM t_types WHERE 1 = 0",
    "SELECT NULL, 1, 1.5, 1e3, 'x', X'41', TRUE, DATE '2020-01-01', TIMESTAMP '2020-01-01 10:00:00'",
    "SELECT 1 AS `weird alias`, 'quote''s' AS q, 'tab\there' AS t, _binary 'bin' AS b",
    "SELECT c_latin1, c_bin, c_varchar FROM t_types ORDER BY id",
    "SELECT JSON_EXTRACT(c_json, '$.k[1]') FROM t_types WHERE id = 1",
    "SELECT REPEAT('x', 70000) AS big",
    "SELECT id, c_text FROM t_types t WHERE t.id IN (1, 3) ORDER BY t.id DESC",
    # Writes: affected rows, insert ids, info strings, warnings.
    "USE shop",
    "INSERT INTO t_user (name, email) VALUES ('carol', 'carol@example.com')",
    "SELECT LAST_INSERT_ID()",
    "INSERT INTO t_user (name, email) VALUES ('dan', 'dan@example.com'), ('eve', NULL), ('fay', NULL)",
    "SELECT LAST_INSERT_ID(), ROW_COUNT()",
    "UPDATE t_user SET balance = balance + 1 WHERE user_id <= 3",
    "UPDATE t_user SET balance = balance WHERE user_id = 1",
    "DELETE FROM t_user WHERE name = 'fay'",
    "INSERT INTO t_user (user_id, name) VALUES (1, 'dup') ON DUPLICATE KEY UPDATE name = 'alice2'",
    "REPLACE INTO t_user (user_id, name) VALUES (2, 'bob2')",
    "INSERT IGNORE INTO t_user (user_id, name) VALUES (1, 'ignored')",
    "SHOW WARNINGS",
    "INSERT INTO t_small VALUES (1, 'abcdef')",
    "SET SESSION sql_mode = ''",
    "INSERT INTO t_small VALUES (2, 'abcdef'), (300, 'x')",
    "SHOW WARNINGS",
    "SELECT @@warning_count",
    "SELECT * FROM t_small ORDER BY id",
    "SET SESSION sql_mode = DEFAULT",
    "SELECT @@sql_mode",
    # Errors: code, SQLSTATE and message unchanged.
    "SELEC 1",
    "SELECT * FROM no_such_table",
    "SELECT no_such_column FROM t_user",
    "INSERT INTO t_user (user_id, name) VALUES (1, 'dup')",
    "INSERT INTO t_small VALUES (3, 'abcdef')",
    "SELECT 1 FROM t_user WHERE",
    "USE no_such_database",
    "SHOW ERRORS",
    "SELECT 1/0",
    "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'custom failure'",
    # Transactions and status flags.
    "BEGIN",
    "UPDATE t_user SET balance = 7 WHERE user_id = 1",
    "SELECT balance FROM t_user WHERE user_id = 1",
    "ROLLBACK",
    "SELECT balance FROM t_user WHERE user_id = 1",
    "START TRANSACTION",
    "INSERT INTO t_user (name) VALUES ('in-tx')",
    "COMMIT",
    "SET autocommit = 0",
    "UPDATE t_user SET balance = 8 WHERE user_id = 1",
    "SELECT @@autocommit",
    "COMMIT",
    "SET autocommit = 1",
    "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED",
    "SELECT @@transaction_isolation",
    "START TRANSACTION READ ONLY",
    "SELECT COUNT(*) FROM t_user",
    "COMMIT",
    "SAVEPOINT nope",
    "BEGIN",
    "SAVEPOINT s1",
    "UPDATE t_user SET balance = 9 WHERE user_id = 1",
    "ROLLBACK TO SAVEPOINT s1",
    "RELEASE SAVEPOINT s1",
    "COMMIT",
    # Session state: character sets, time zone, user variables, schema changes.
    "SET NAMES latin1",
    "SELECT c_varchar, c_latin1, 'é' FROM t_types WHERE id = 1",
    "SET NAMES utf8mb4",
    "SELECT c_varchar, c_latin1, 'é' FROM t_types WHERE id = 1",
    "SET time_zone = '+05:00'",
    "SELECT c_ts, @@time_zone FROM t_types WHERE id = 1",
    "SET time_zone = SYSTEM",
    "SET @a = 41, @b = 'text'",
    "SELECT @a + 1, @b, @undefined",
    "SET @@session.group_concat_max_len = 5",
    "SELECT GROUP_CONCAT(name ORDER BY user_id) FROM t_user",
    "USE other",
    "SELECT DATABASE(), note FROM t_other",
    "SELECT COUNT(*) FROM shop.t_user",
    "USE shop",
    "SELECT DATABASE()",
    # Temporary tables and locks keep working across statements.
    "CREATE TEMPORARY TABLE tmp_x (a INT)",
    "INSERT INTO tmp_x VALUES (1), (2)",
    "SELECT SUM(a) FROM tmp_x",
    "DROP TEMPORARY TABLE tmp_x",
    "SELECT GET_LOCK('passthrough_lock', 0)",
    "SELECT IS_USED_LOCK('passthrough_lock') IS NOT NULL",
    "SELECT RELEASE_LOCK('passthrough_lock')",
    "SELECT SQL_CALC_FOUND_ROWS user_id FROM t_user ORDER BY user_id LIMIT 1",
    "SELECT FOUND_ROWS()",
    # DDL.
    "CREATE TABLE t_new (id INT PRIMARY KEY, v VARCHAR(10)) ENGINE=InnoDB",
    "ALTER TABLE t_new ADD COLUMN w INT DEFAULT 5",
    "CREATE INDEX idx_v ON t_new (v)",
    "INSERT INTO t_new (id, v) VALUES (1, 'a')",
    "SELECT * FROM t_new",
    "TRUNCATE TABLE t_new",
    "RENAME TABLE t_new TO t_newer",
    "DROP TABLE t_newer",
    "DROP TABLE t_newer",
    "DROP TABLE IF EXISTS t_newer",
    "SHOW WARNINGS",
    # Metadata statements.
    "SHOW TABLES",
    "SHOW FULL TABLES",
    "SHOW COLUMNS FROM t_user",
    "SHOW INDEX FROM t_user",
    "SHOW CREATE TABLE t_user",
    "DESCRIBE t_types",
    "EXPLAIN SELECT * FROM t_user WHERE user_id = 1",
    "SHOW DATABASES",
    "SHOW VARIABLES LIKE 'character_set_client'",
    "SHOW SESSION STATUS LIKE 'Com_stmt_prepare'",
    "SHOW COLLATION LIKE 'utf8mb4_general_ci'",
    "SHOW CHARACTER SET LIKE 'latin1'",
    "SHOW ENGINES",
    "SELECT table_name, table_type FROM information_schema.tables "
    "WHERE table_schema = 'shop' ORDER BY table_name",
    "SELECT column_name, data_type, is_nullable FROM information_schema.columns "
    "WHERE table_schema = 'shop' AND table_name = 't_user' ORDER BY ordinal_position",
    # Stored routines and multi-result CALLs.
    "CREATE PROCEDURE two_results() BEGIN SELECT 1 AS a; SELECT 'x' AS b, 2 AS c; END",
    "CALL two_results()",
    "DROP PROCEDURE two_results",
    # Comments and odd whitespace.
    "/* leading comment */ SELECT 1 -- trailing\n",
    "SELECT /*! 2 + */ 1",
    "  \n\tSELECT\n 3  ",
]

# Multi-statement strings (client flag CLIENT_MULTI_STATEMENTS); every result is compared.
MULTI_STATEMENTS = [
    "SELECT 1; SELECT 2 AS two",
    "INSERT INTO t_user (name) VALUES ('m1'); SELECT LAST_INSERT_ID(); UPDATE t_user SET balance = 1 "
    "WHERE name = 'm1'",
    "SELECT 1; SELEC 2; SELECT 3",
    "SET @m = 5; SELECT @m",
    "BEGIN; INSERT INTO t_user (name) VALUES ('m2'); COMMIT",
]

# Statements whose results arrive in another character set than the connection was opened with;
# PyMySQL decodes with its own charset setting and cannot follow, so its test skips them.
CHARSET_SWITCHING = {
    "SET NAMES latin1",
    "SELECT c_varchar, c_latin1, 'é' FROM t_types WHERE id = 1",
}
