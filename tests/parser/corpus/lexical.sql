-- Lexical forms: every comment style, versioned comments (MariaDB runs /*!NNNNN …*/ and
-- /*M!NNNNNN …*/ content as code), quoting, literal forms, whitespace.

SELECT 1 -- trailing comment
;

SELECT 1 # hash comment
;

SELECT /* inline */ 1 /* another */ + /* and another */ 2;

/* leading block comment */ SELECT 2;

-- leading line comment
SELECT 3;

SELECT 1 /*! + 1 */;

SELECT 1 /*!40101 + 2 */;

SELECT 1 /*!50700 + 100 */;

SELECT 1 /*M!100100 + 3 */;

SELECT 1 /*M!999999 + 1000 */;

SELECT /*!40001 SQL_NO_CACHE */ id FROM orders;

CREATE TABLE /*!32312 IF NOT EXISTS*/ lex1 (id INT) /*!40100 ENGINE=InnoDB */;

SELECT 1/*no space*/FROM DUAL;

SELECT
    id,
	total
FROM
    orders
WHERE
    id = 1;

SELECT 'single', "double", 'it''s', "say ""hi""", 'mixed "quotes"', "mixed 'quotes'";

SELECT '', "", '\\', '\'', "\"";

SELECT 'multi
line
string';

SELECT N'national', n'lower', _latin1'latin', _utf8mb4 'spaced', _binary'bin', _utf8mb4 X'41';

SELECT X'4D7953514C', x'', 0x4D7953514C, 0XFF, B'0101', b'1', 0b1111;

SELECT 0, 00, 007, 42, 9223372036854775807, 9223372036854775808, 1.0, 0.5, .25, 5., 3.14159e0, 6.02E23, 1e-5, 1E+5;

SELECT -0, -42, +42, - 42, -(-42), 1-1, 1 -1, 1- 1, 1--1;

SELECT `id`, `order`, `1st`, `with space`, `back``tick`, `ünïcödé` FROM (SELECT 1 AS `id`, 2 AS `order`, 3 AS `1st`, 4 AS `with space`, 5 AS `back``tick`, 6 AS `ünïcödé`) AS `t`;

SELECT 1abc FROM (SELECT 1 AS 1abc) AS x;

SELECT $col FROM (SELECT 1 AS $col) AS y;

SELECT _col, col_ FROM (SELECT 1 AS _col, 2 AS col_) AS z;

SELECT @uservar, @user_var, @`quoted var`, @'single var', @"double var", @a.b;

SELECT @@autocommit, @@global.autocommit, @@session.autocommit, @@local.autocommit, @@GLOBAL.wait_timeout;

SELECT 1 IN (1, 2, 3), 1 IN (1), 'a' IN ('a', 'b'), 1 IN (1.5, -2, 0x01, NULL), (1, 2) IN ((1, 2), (3, 4));

SELECT 1 IN (1, 1 + 1), 1 IN ((SELECT 1)), 1 NOT IN (2, 3);

SELECT 'a' = 'a' COLLATE utf8mb4_bin, 'b' COLLATE 'utf8mb4_general_ci';

SELECT CONVERT('abc' USING latin1), CAST('1' AS SIGNED), CAST(1 AS CHAR), CAST(1 AS BINARY(4)), CAST('1.5' AS DOUBLE), CAST('1.5' AS FLOAT), CAST(NOW() AS DATETIME(3)), CAST(NOW() AS TIME), CAST('{}' AS JSON);

SELECT 1;

select lower_case_keywords from dual where 1=1;

SeLeCt MiXeD FrOm DuAl;

SELECT 1 ;

SELECT 2;;
