// The MySQL/MariaDB statement grammar of shardproxy, written for this project.
//
// There is no ANTLR lexer: tokens come from our hand-written tokenizer (parser/digest/…), which
// also normalizes literals for the digest cache. It maps every word whose upper-case spelling is a
// keyword token below (a trailing '_' on the token name is ignored: NULL_ is the word NULL) to
// that token type, every other word to TK_IDENT, and literals to the TK_* literal types. Literal
// lists after `IN (` and `VALUES` arrive collapsed into one TK_VALUE_LIST / TK_ROW_LIST token.
//
// Keywords that MariaDB does not reserve must stay usable as identifiers: every keyword token
// that is not in MariaDB's reserved-word list is listed in `nonReservedKeyword`.
//
// Kept deliberately lean (one rule per construct, decisions mostly LL(1)/LL(2)) so that the
// generated code compiles quickly and SLL prediction almost never needs the LL fallback.
parser grammar MySqlParser;

tokens {
  // literals and other token classes produced by the tokenizer
  TK_IDENT, TK_QUOTED_IDENT, TK_INT, TK_DECIMAL, TK_NEG_NUMBER, TK_STRING, TK_HEX, TK_BIT,
  TK_PARAM, TK_VALUE_LIST, TK_ROW_LIST, TK_INTRODUCER, TK_USER_VAR, TK_SYS_VAR,
  // punctuation and operators
  TK_LPAREN, TK_RPAREN, TK_COMMA, TK_DOT, TK_SEMI, TK_STAR, TK_PLUS, TK_MINUS, TK_SLASH,
  TK_PERCENT, TK_EQ, TK_NULL_SAFE_EQ, TK_NE, TK_LT, TK_LE, TK_GT, TK_GE, TK_ASSIGN, TK_BIT_OR,
  TK_BIT_AND, TK_BIT_XOR, TK_TILDE, TK_SHL, TK_SHR, TK_LOGICAL_OR, TK_LOGICAL_AND, TK_NOT_OP,
  TK_OTHER,
  // keywords (reserved and non-reserved; see nonReservedKeyword)
  ACCESSIBLE, ACTION, ADD, AFTER, AGAINST, AGGREGATE, ALGORITHM, ALL, ALTER, ALWAYS, ANALYZE,
  AND, ANY, AS, ASC, ASENSITIVE, AUTO_INCREMENT, AVG_ROW_LENGTH, BEFORE, BEGIN, BETWEEN, BIGINT,
  BINARY, BLOB, BOOLEAN, BOTH, BTREE, BY, CALL, CASCADE, CASE, CAST, CHAIN, CHANGE, CHAR,
  CHARACTER, CHARSET, CHECK, CHECKSUM, COLLATE, COLLATION, COLUMN, COLUMNS, COMMENT, COMMIT,
  COMMITTED, COMPACT, CONCURRENT, CONDITION, CONNECTION, CONSISTENT, CONSTRAINT, CONTINUE,
  CONVERT, COUNT, CREATE, CROSS, CURRENT, CURRENT_DATE, CURRENT_ROLE, CURRENT_TIME,
  CURRENT_TIMESTAMP, CURRENT_USER, CURSOR, DATA, DATABASE, DATABASES, DATE, DATETIME, DAY,
  DAY_HOUR, DAY_MICROSECOND, DAY_MINUTE, DAY_SECOND, DEALLOCATE, DEC, DECIMAL, DECLARE,
  DEFAULT, DEFINER, DELAYED, DELETE, DELETE_DOMAIN_ID, DESC, DESCRIBE, DETERMINISTIC, DISABLE,
  DISTINCT, DISTINCTROW, DIV, DO, DO_DOMAIN_IDS, DOUBLE, DROP, DUAL, DUPLICATE, DYNAMIC, EACH,
  ELSE, ELSEIF, ENABLE, ENCLOSED, END, ENGINE, ENGINES, ERRORS, ESCAPE, ESCAPED, EVENT, EXCEPT,
  EXECUTE, EXISTS, EXIT, EXPLAIN, EXTENDED, EXTRACT, FALSE_, FETCH, FIELDS, FIRST, FLOAT, FLOAT4,
  FLOAT8, FLUSH, FOLLOWING, FOR, FORCE, FOREIGN, FORMAT, FROM, FULL, FULLTEXT, FUNCTION,
  GENERAL, GENERATED, GLOBAL, GRANT, GRANTS, GROUP, GROUP_CONCAT, HANDLER, HARD, HASH, HAVING,
  HELP, HIGH_PRIORITY, HOUR, HOUR_MICROSECOND, HOUR_MINUTE, HOUR_SECOND, ID, IF, IGNORE,
  IGNORE_DOMAIN_IDS, IGNORE_SERVER_IDS, IN, INDEX, INDEXES, INFILE, INNER, INOUT, INSENSITIVE,
  INSERT, INSTALL, INT, INT1, INT2, INT3, INT4, INT8, INTEGER, INTERSECT, INTERVAL, INTO,
  INVISIBLE, IS, ISOLATION, ITERATE, JOIN, KEY, KEYS, KILL, LANGUAGE, LAST, LEADING, LEAVE, LEFT,
  LESS, LEVEL, LIKE, LIMIT, LINEAR, LINES, LOAD, LOCAL, LOCALTIME, LOCALTIMESTAMP, LOCK, LOCKED,
  LOGS, LONG, LONGBLOB, LONGTEXT, LOOP, LOW_PRIORITY, MASTER, MASTER_HEARTBEAT_PERIOD,
  MASTER_SSL_VERIFY_SERVER_CERT, MATCH, MAXVALUE, MEDIUMBLOB, MEDIUMINT, MEDIUMTEXT,
  MICROSECOND, MIDDLEINT, MIGRATE, MINUTE, MINUTE_MICROSECOND, MINUTE_SECOND, MOD, MODE,
  MODIFIES, MODIFY, MONTH, NAMES, NATIONAL, NATURAL, NO, NOT, NOWAIT, NO_WRITE_TO_BINLOG,
  NEXT, NULL_, NULLS, NUMERIC, OF, OFFSET, ON, ONE, ONLINE, ONLY, OPEN, OPTIMIZE, OPTION, OPTIONALLY,
  OR, ORDER, OTHERS, OUT, OUTER, OUTFILE, OVER, PAGE_CHECKSUM, PARSE_VCOL_EXPR, PARTITION,
  PARTITIONS, PASSWORD, PERSISTENT, PHASE, PLUGINS, POSITION, PRECEDING, PRECISION, PREPARE,
  PRIMARY, PRIVILEGES, PROCEDURE, PROCESSLIST, PURGE, QUARTER, QUERY, QUICK, RANGE, READ, READS,
  READ_WRITE, REAL, RECOVER, RECURSIVE, REFERENCES, REF_SYSTEM_ID, REGEXP, RELEASE, RENAME,
  REPAIR, REPEAT, REPEATABLE, REPLACE, REQUIRE, RESET, RESIGNAL, RESTRICT, RESUME, RETURN,
  RETURNING, REVOKE, RIGHT, RLIKE, ROLE, ROLLBACK, ROLLUP, ROUTINE, ROW, ROWS, ROW_FORMAT, SAVEPOINT,
  SCHEMA, SCHEMAS, SECOND, SECOND_MICROSECOND, SELECT, SENSITIVE, SEPARATOR, SERIALIZABLE,
  SESSION, SET, SHARE, SHOW, SIGNAL, SIGNED, SKIP_, SLAVE, SLOW, SMALLINT, SNAPSHOT, SOFT, SOME,
  SOUNDS, SPATIAL, SPECIFIC, SQL, SQLEXCEPTION, SQLSTATE, SQLWARNING, SQL_BIG_RESULT,
  SQL_BUFFER_RESULT, SQL_CACHE, SQL_CALC_FOUND_ROWS, SQL_NO_CACHE, SQL_SMALL_RESULT, SSL,
  START, STATEMENT, STARTING, STATS_AUTO_RECALC, STATS_PERSISTENT, STATS_SAMPLE_PAGES, STATUS, STORAGE,
  STORED, STRAIGHT_JOIN, SUBSTR, SUBSTRING, SUSPEND, TABLE, TABLES, TEMPORARY, TERMINATED, TEXT,
  THAN, THEN, TIES, TIME, TIMESTAMP, TIMESTAMPADD, TIMESTAMPDIFF, TINYBLOB, TINYINT, TINYTEXT, TO,
  TRAILING, TRANSACTION, TRIGGER, TRIGGERS, TRIM, TRUE_, TRUNCATE, UNBOUNDED, UNCOMMITTED,
  UNDO, UNINSTALL, UNION, UNIQUE, UNKNOWN, UNLOCK, UNSIGNED, UPDATE, USAGE, USE, USER, USING,
  UTC_DATE, UTC_TIME, UTC_TIMESTAMP, VALUE, VALUES, VARBINARY, VARCHAR, VARCHARACTER,
  VARIABLES, VARYING, VIEW, VIRTUAL, WAIT, WARNINGS, WEEK, WHEN, WHERE, WHILE, WINDOW, WITH,
  WORK, WRITE, XA, XOR, YEAR, YEAR_MONTH, ZEROFILL
}

// ---------------------------------------------------------------------------------------------
// Entry

root: statement TK_SEMI? EOF;

statement
  : selectStatement
  | insertStatement
  | updateStatement
  | deleteStatement
  | createTableStatement
  | createIndexStatement
  | createDatabaseStatement
  | alterTableStatement
  | dropTableStatement
  | dropIndexStatement
  | dropDatabaseStatement
  | truncateTableStatement
  | renameTableStatement
  | beginStatement
  | commitStatement
  | rollbackStatement
  | savepointStatement
  | releaseSavepointStatement
  | xaStatement
  | setStatement
  | useStatement
  | showStatement
  | explainStatement
  | killStatement
  | lockTablesStatement
  | unlockTablesStatement
  | otherStatement
  ;

// ---------------------------------------------------------------------------------------------
// SELECT

selectStatement: queryExpression;

// MariaDB also takes INTO at the end of a top-level SELECT (`SELECT a FROM t LIMIT 1 INTO @x`).
queryExpression
  : withClause? queryBody orderByClause? (limitClause | fetchClause)? intoClause? lockingClause?
  ;

withClause: WITH RECURSIVE? commonTableExpression (TK_COMMA commonTableExpression)*;
commonTableExpression: identifier columnNameList? AS TK_LPAREN queryExpression TK_RPAREN;

queryBody: queryPrimary (setOperator queryPrimary)*;
setOperator: (UNION | EXCEPT | INTERSECT) (ALL | DISTINCT)?;

queryPrimary
  : querySpecification
  | TK_LPAREN queryExpression TK_RPAREN
  ;

querySpecification
  : SELECT selectOption* selectItemList intoClause? fromClause? whereClause? groupByClause?
    havingClause? windowClause?
  ;

selectOption
  : ALL | DISTINCT | DISTINCTROW | HIGH_PRIORITY | STRAIGHT_JOIN | SQL_SMALL_RESULT
  | SQL_BIG_RESULT | SQL_BUFFER_RESULT | SQL_CACHE | SQL_NO_CACHE | SQL_CALC_FOUND_ROWS
  ;

selectItemList: selectItem (TK_COMMA selectItem)*;
selectItem
  : TK_STAR                                       #starSelectItem
  | identifier TK_DOT (identifier TK_DOT)? TK_STAR  #qualifiedStarSelectItem
  | expr (AS? alias)?                             #exprSelectItem
  ;
alias: identifier | TK_STRING;

intoClause: INTO variable (TK_COMMA variable)*;
fromClause: FROM (DUAL | tableReferenceList);
whereClause: WHERE expr;
groupByClause: GROUP BY orderItem (TK_COMMA orderItem)* (WITH ROLLUP)?;
havingClause: HAVING expr;
windowClause: WINDOW windowDefinition (TK_COMMA windowDefinition)*;
windowDefinition: identifier AS TK_LPAREN windowSpec TK_RPAREN;

orderByClause: ORDER BY orderItem (TK_COMMA orderItem)*;
orderItem: expr (ASC | DESC)?;

limitClause
  : LIMIT limitValue (TK_COMMA limitValue)?
  | LIMIT limitValue OFFSET limitValue
  ;
limitValue: TK_INT | TK_PARAM;
// The standard form of LIMIT (MariaDB 10.6): [OFFSET o ROWS] FETCH FIRST n ROWS ONLY.
fetchClause
  : (OFFSET limitValue (ROW | ROWS))? FETCH (FIRST | NEXT) limitValue (ROW | ROWS) (ONLY | WITH TIES)
  ;

lockingClause
  : FOR UPDATE lockWaitOption?
  | FOR SHARE lockWaitOption?
  | LOCK IN SHARE MODE lockWaitOption?
  ;
lockWaitOption: NOWAIT | SKIP_ LOCKED | WAIT TK_INT;

// ---------------------------------------------------------------------------------------------
// Table references

tableReferenceList: tableReference (TK_COMMA tableReference)*;
tableReference: tableFactor joinClause*;

joinClause
  : (INNER | CROSS)? JOIN tableFactor joinCondition?          #innerJoin
  | STRAIGHT_JOIN tableFactor (ON expr)?                        #straightJoin
  | (LEFT | RIGHT) OUTER? JOIN tableFactor joinCondition         #outerJoin
  | NATURAL ((LEFT | RIGHT) OUTER? | INNER)? JOIN tableFactor   #naturalJoin
  ;
joinCondition: ON expr | USING columnNameList;

tableFactor
  : tableName partitionList? (AS? identifier)? indexHint*                      #baseTable
  | TK_LPAREN queryExpression TK_RPAREN AS? identifier columnNameList?          #derivedTable
  | TK_LPAREN tableReferenceList TK_RPAREN                                     #nestedTables
  ;

partitionList: PARTITION TK_LPAREN identifier (TK_COMMA identifier)* TK_RPAREN;

indexHint
  : (USE | FORCE | IGNORE) (INDEX | KEY) (FOR (JOIN | ORDER BY | GROUP BY))?
    TK_LPAREN (indexName (TK_COMMA indexName)*)? TK_RPAREN
  ;
indexName: identifier | PRIMARY;

tableName: identifier (TK_DOT identifier)?;
columnNameList: TK_LPAREN identifier (TK_COMMA identifier)* TK_RPAREN;

// ---------------------------------------------------------------------------------------------
// INSERT / REPLACE, UPDATE, DELETE

insertStatement
  : (INSERT | REPLACE) (LOW_PRIORITY | DELAYED | HIGH_PRIORITY)? IGNORE? INTO? tableName
    partitionList? insertColumns? insertSource onDuplicateKeyUpdate? returningClause?
  ;
insertColumns: TK_LPAREN (identifierOrQualified (TK_COMMA identifierOrQualified)*)? TK_RPAREN;
identifierOrQualified: identifier (TK_DOT identifier)*;
insertSource
  : (VALUES | VALUE) (TK_ROW_LIST | rowValue (TK_COMMA rowValue)*)   #valuesSource
  | SET assignment (TK_COMMA assignment)*                          #setSource
  | queryExpression                                                #selectSource
  ;
rowValue: TK_LPAREN (expr (TK_COMMA expr)*)? TK_RPAREN;
onDuplicateKeyUpdate: ON DUPLICATE KEY UPDATE assignment (TK_COMMA assignment)*;
returningClause: RETURNING selectItemList;

assignment: columnRef TK_EQ expr;

updateStatement
  : UPDATE LOW_PRIORITY? IGNORE? tableReferenceList SET assignment (TK_COMMA assignment)*
    whereClause? orderByClause? limitClause?
  ;

deleteStatement
  : DELETE deleteOption* FROM tableName partitionList? (AS? identifier)? whereClause?
    orderByClause? limitClause? returningClause?                                  #singleTableDelete
  | DELETE deleteOption* deleteTarget (TK_COMMA deleteTarget)* FROM tableReferenceList
    whereClause?                                                                  #multiTableDelete
  | DELETE deleteOption* FROM deleteTarget (TK_COMMA deleteTarget)* USING tableReferenceList
    whereClause?                                                                  #multiTableDeleteUsing
  ;
deleteOption: LOW_PRIORITY | QUICK | IGNORE;
deleteTarget: tableName (TK_DOT TK_STAR)?;

// ---------------------------------------------------------------------------------------------
// Expressions. One left-recursive rule for all operators keeps the rule chain per operand short
// (the main cost of an ANTLR parse). Alternatives are listed tightest-binding first, following
// the MySQL manual: COLLATE, unary - + ~ ! BINARY, ^, * / DIV % MOD, + -, << >>, &, |,
// predicates (IN, BETWEEN, LIKE, REGEXP, SOUNDS LIKE), comparisons and IS [NOT] NULL,
// IS [NOT] TRUE/FALSE/UNKNOWN, NOT, AND, XOR, OR. Operands of BETWEEN/LIKE/REGEXP are bitExpr
// (no comparisons or logic), as in MySQL, so `a BETWEEN 1 AND 2 AND b` keeps its meaning.

expr
  : expr COLLATE charsetOrCollationName                                       #collateExpr
  | (TK_MINUS | TK_PLUS | TK_TILDE | TK_NOT_OP) expr                          #unaryExpr
  | BINARY expr                                                               #binaryExpr
  | expr TK_BIT_XOR expr                                                      #bitXorExpr
  | expr (TK_STAR | TK_SLASH | TK_PERCENT | DIV | MOD) expr                   #mulExpr
  | expr (TK_PLUS | TK_MINUS) expr                                            #addExpr
  | expr (TK_SHL | TK_SHR) expr                                               #shiftExpr
  | expr TK_BIT_AND expr                                                      #bitAndExpr
  | expr TK_BIT_OR expr                                                       #bitOrExpr
  | expr NOT? IN TK_LPAREN (TK_VALUE_LIST | TK_ROW_LIST | queryExpression | exprList) TK_RPAREN
                                                                              #inExpr
  | expr NOT? BETWEEN bitExpr AND bitExpr                                     #betweenExpr
  | expr SOUNDS LIKE bitExpr                                                  #soundsLikeExpr
  | expr NOT? LIKE bitExpr (ESCAPE bitExpr)?                                  #likeExpr
  | expr NOT? (REGEXP | RLIKE) bitExpr                                        #regexpExpr
  | expr comparisonOperator (ALL | ANY | SOME) TK_LPAREN queryExpression TK_RPAREN
                                                                              #quantifiedExpr
  | expr comparisonOperator expr                                              #comparisonExpr
  | expr IS NOT? NULL_                                                        #isNullExpr
  | expr IS NOT? (TRUE_ | FALSE_ | UNKNOWN)                                   #isTruthExpr
  | NOT expr                                                                  #notExpr
  | expr (AND | TK_LOGICAL_AND) expr                                          #andExpr
  | expr XOR expr                                                             #xorExpr
  | expr (OR | TK_LOGICAL_OR) expr                                            #orExpr
  | primaryExpr                                                               #primary
  ;
comparisonOperator: TK_EQ | TK_NULL_SAFE_EQ | TK_NE | TK_LT | TK_LE | TK_GT | TK_GE;

// Arithmetic only: operands of BETWEEN, LIKE, REGEXP, AGAINST, POSITION, column DEFAULT.
bitExpr
  : bitExpr COLLATE charsetOrCollationName                                    #bitCollateExpr
  | (TK_MINUS | TK_PLUS | TK_TILDE | TK_NOT_OP) bitExpr                       #bitUnaryExpr
  | BINARY bitExpr                                                            #bitBinaryExpr
  | bitExpr TK_BIT_XOR bitExpr                                                #bitXorOnly
  | bitExpr (TK_STAR | TK_SLASH | TK_PERCENT | DIV | MOD) bitExpr             #bitMul
  | bitExpr (TK_PLUS | TK_MINUS) bitExpr                                      #bitAdd
  | bitExpr (TK_SHL | TK_SHR) bitExpr                                         #bitShift
  | bitExpr TK_BIT_AND bitExpr                                                #bitAnd
  | bitExpr TK_BIT_OR bitExpr                                                 #bitOr
  | primaryExpr                                                               #bitPrimary
  ;

primaryExpr
  : literal                                                          #literalExpr
  | TK_PARAM                                                         #paramExpr
  | TK_USER_VAR TK_ASSIGN expr                                       #assignExpr
  | variable                                                         #variableExpr
  | functionCall                                                     #functionExpr
  | columnRef                                                        #columnExpr
  | EXISTS TK_LPAREN queryExpression TK_RPAREN                       #existsExpr
  | TK_LPAREN queryExpression TK_RPAREN                              #subqueryExpr
  | ROW? TK_LPAREN expr (TK_COMMA expr)* TK_RPAREN                   #parenExpr
  | CASE expr? (WHEN expr THEN expr)+ (ELSE expr)? END              #caseExpr
  | INTERVAL expr intervalUnit                                       #intervalExpr
  | MATCH TK_LPAREN columnRef (TK_COMMA columnRef)* TK_RPAREN
    AGAINST TK_LPAREN bitExpr matchModifier? TK_RPAREN               #matchExpr
  | DEFAULT (TK_LPAREN columnRef TK_RPAREN)?                         #defaultExpr
  ;
matchModifier: IN NATURAL LANGUAGE MODE (WITH QUERY identifier)? | IN BOOLEAN MODE | WITH QUERY identifier;

exprList: expr (TK_COMMA expr)*;

columnRef: identifier (TK_DOT identifier (TK_DOT identifier)?)?;

variable: TK_USER_VAR | TK_SYS_VAR;

literal
  : TK_INTRODUCER? TK_STRING
  | TK_INTRODUCER? (TK_HEX | TK_BIT)
  | TK_INT | TK_DECIMAL | TK_NEG_NUMBER | TK_HEX | TK_BIT
  | NULL_ | TRUE_ | FALSE_
  | (DATE | TIME | TIMESTAMP) TK_STRING
  ;

functionCall
  : GROUP_CONCAT TK_LPAREN DISTINCT? exprList orderByClause? (SEPARATOR TK_STRING)? limitClause?
    TK_RPAREN                                                                 #groupConcatCall
  | CAST TK_LPAREN expr AS castType TK_RPAREN                                 #castCall
  | CONVERT TK_LPAREN expr TK_COMMA castType TK_RPAREN                        #convertCall
  | CONVERT TK_LPAREN expr USING charsetOrCollationName TK_RPAREN             #convertUsingCall
  | EXTRACT TK_LPAREN intervalUnit FROM expr TK_RPAREN                        #extractCall
  | TRIM TK_LPAREN (BOTH | LEADING | TRAILING)? expr? FROM expr TK_RPAREN     #trimFromCall
  | (SUBSTRING | SUBSTR) TK_LPAREN expr FROM expr (FOR expr)? TK_RPAREN       #substringFromCall
  | POSITION TK_LPAREN bitExpr IN expr TK_RPAREN                              #positionCall
  | CHAR TK_LPAREN exprList (USING charsetOrCollationName)? TK_RPAREN         #charCall
  | (TIMESTAMPADD | TIMESTAMPDIFF) TK_LPAREN intervalUnit TK_COMMA expr TK_COMMA expr TK_RPAREN
                                                                              #timestampCall
  | INTERVAL TK_LPAREN expr (TK_COMMA expr)+ TK_RPAREN                        #intervalCall
  | niladicFunction (TK_LPAREN TK_INT? TK_RPAREN)?                            #niladicCall
  | functionName TK_LPAREN (TK_STAR | (ALL | DISTINCT)? exprList orderByClause? limitClause?)?
    TK_RPAREN overClause?                                                     #genericCall
  ;
niladicFunction
  : CURRENT_TIMESTAMP | CURRENT_DATE | CURRENT_TIME | LOCALTIME | LOCALTIMESTAMP | UTC_DATE
  | UTC_TIME | UTC_TIMESTAMP | CURRENT_USER | CURRENT_ROLE
  ;
functionName
  : identifier (TK_DOT identifier)?
  | IF | LEFT | RIGHT | REPLACE | INSERT | DATABASE | SCHEMA | MOD | REPEAT | VALUES
  ;

overClause: OVER (identifier | TK_LPAREN windowSpec TK_RPAREN);
windowSpec: identifier? (PARTITION BY exprList)? orderByClause? windowFrame?;
windowFrame: (ROWS | RANGE) (windowFrameBound | BETWEEN windowFrameBound AND windowFrameBound);
windowFrameBound: UNBOUNDED (PRECEDING | FOLLOWING) | CURRENT ROW | expr (PRECEDING | FOLLOWING);

castType
  : BINARY typeLength?
  | (CHAR | CHARACTER) typeLength? (charsetClause | BINARY)?
  | NATIONAL CHAR typeLength?
  | SIGNED INTEGER? | UNSIGNED INTEGER? | INTEGER | INT
  | DATE | DATETIME typeLength? | TIME typeLength? | TIMESTAMP typeLength?
  | (DECIMAL | DEC | NUMERIC) typePrecision?
  | DOUBLE PRECISION? | FLOAT typePrecision? | REAL
  | identifier typeLength?
  ;

intervalUnit
  : MICROSECOND | SECOND | MINUTE | HOUR | DAY | WEEK | MONTH | QUARTER | YEAR
  | SECOND_MICROSECOND | MINUTE_MICROSECOND | MINUTE_SECOND | HOUR_MICROSECOND | HOUR_SECOND
  | HOUR_MINUTE | DAY_MICROSECOND | DAY_SECOND | DAY_MINUTE | DAY_HOUR | YEAR_MONTH
  ;

charsetOrCollationName: identifier | TK_STRING | BINARY | DEFAULT;
charsetClause: (CHARACTER SET | CHARSET) charsetOrCollationName;

// ---------------------------------------------------------------------------------------------
// DDL

createTableStatement
  : CREATE (OR REPLACE)? TEMPORARY? TABLE ifNotExists? tableName
    ( LIKE tableName
    | TK_LPAREN LIKE tableName TK_RPAREN
    | (TK_LPAREN tableElement (TK_COMMA tableElement)* TK_RPAREN)? tableOptions?
      partitionDefinition? (AS? queryExpression)?
    )
  ;
ifNotExists: IF NOT EXISTS;
ifExists: IF EXISTS;

tableElement: columnDefinition | indexDefinition;

columnDefinition: identifier dataType columnAttribute*;

dataType
  : typeName (TK_LPAREN typeArgument (TK_COMMA typeArgument)* TK_RPAREN)?
    (UNSIGNED | SIGNED | ZEROFILL)* BINARY? charsetClause? (COLLATE charsetOrCollationName)?
  ;
typeName
  : TINYINT | SMALLINT | MEDIUMINT | INT | INTEGER | BIGINT | INT1 | INT2 | INT3 | INT4 | INT8
  | MIDDLEINT | DECIMAL | DEC | NUMERIC | FLOAT | FLOAT4 | FLOAT8 | DOUBLE PRECISION? | REAL
  | CHAR | CHARACTER VARYING? | NATIONAL (CHAR | VARCHAR | CHARACTER) | VARCHAR | VARCHARACTER
  | BINARY | VARBINARY | TINYBLOB | BLOB | MEDIUMBLOB | LONGBLOB | TINYTEXT | MEDIUMTEXT
  | LONGTEXT | LONG VARBINARY | LONG VARCHAR? | SET | identifier
  ;
typeArgument: TK_INT | TK_STRING;
typeLength: TK_LPAREN TK_INT TK_RPAREN;
typePrecision: TK_LPAREN TK_INT (TK_COMMA TK_INT)? TK_RPAREN;

columnAttribute
  : NOT? NULL_
  | DEFAULT bitExpr
  | AUTO_INCREMENT
  | PRIMARY? KEY
  | UNIQUE KEY?
  | COMMENT TK_STRING
  | ON UPDATE bitExpr
  | COLLATE charsetOrCollationName
  | charsetClause
  | (GENERATED ALWAYS)? AS TK_LPAREN expr TK_RPAREN (VIRTUAL | STORED | PERSISTENT)?
  | INVISIBLE
  | CHECK TK_LPAREN expr TK_RPAREN
  | referencesClause
  | identifier identifier  // COLUMN_FORMAT x, STORAGE x
  ;

indexDefinition
  : (CONSTRAINT identifier?)? PRIMARY KEY indexType? keyPartList indexOption*          #primaryKeyDefinition
  | (CONSTRAINT identifier?)? UNIQUE (KEY | INDEX)? identifier? indexType? keyPartList indexOption*
                                                                                       #uniqueKeyDefinition
  | (KEY | INDEX) identifier? indexType? keyPartList indexOption*                       #plainKeyDefinition
  | (FULLTEXT | SPATIAL) (KEY | INDEX)? identifier? keyPartList indexOption*            #specialKeyDefinition
  | (CONSTRAINT identifier?)? FOREIGN KEY identifier? columnNameList referencesClause   #foreignKeyDefinition
  | (CONSTRAINT identifier?)? CHECK TK_LPAREN expr TK_RPAREN                            #checkDefinition
  ;
keyPartList: TK_LPAREN keyPart (TK_COMMA keyPart)* TK_RPAREN;
keyPart: identifier (TK_LPAREN TK_INT TK_RPAREN)? (ASC | DESC)?;
indexType: USING (BTREE | HASH);
indexOption: indexType | COMMENT TK_STRING | identifier TK_EQ? (TK_INT | identifier) | INVISIBLE;
referencesClause
  : REFERENCES tableName columnNameList (MATCH (FULL | identifier))?
    (ON (DELETE | UPDATE) referenceAction)*
  ;
referenceAction: RESTRICT | CASCADE | SET NULL_ | SET DEFAULT | NO ACTION;

tableOptions: tableOption (TK_COMMA? tableOption)*;
tableOption
  : DEFAULT? (CHARACTER SET | CHARSET) TK_EQ? charsetOrCollationName
  | DEFAULT? COLLATE TK_EQ? charsetOrCollationName
  | tableOptionName TK_EQ? tableOptionValue
  ;
tableOptionName
  : ENGINE | AUTO_INCREMENT | COMMENT | ROW_FORMAT | CHECKSUM | PAGE_CHECKSUM
  | STATS_PERSISTENT | STATS_AUTO_RECALC | STATS_SAMPLE_PAGES | AVG_ROW_LENGTH | PASSWORD
  | identifier
  ;
tableOptionValue: identifier | TK_INT | TK_DECIMAL | TK_STRING | DEFAULT;

partitionDefinition: PARTITION BY otherToken+?;

alterTableStatement
  : ALTER (ONLINE | IGNORE)? TABLE tableName (alterSpecification (TK_COMMA alterSpecification)*)?
  ;
alterSpecification
  : ADD COLUMN? ifNotExists? columnDefinition columnPosition?                   #addColumn
  | ADD COLUMN? ifNotExists? TK_LPAREN columnDefinition (TK_COMMA columnDefinition)* TK_RPAREN
                                                                               #addColumns
  | ADD ifNotExists? indexDefinition                                           #addIndex
  | DROP COLUMN? ifExists? identifier (RESTRICT | CASCADE)?                     #dropColumn
  | DROP (INDEX | KEY) ifExists? identifier                                    #dropIndexSpec
  | DROP PRIMARY KEY                                                           #dropPrimaryKey
  | DROP FOREIGN KEY ifExists? identifier                                      #dropForeignKey
  | DROP CONSTRAINT ifExists? identifier                                       #dropConstraint
  | MODIFY COLUMN? ifExists? columnDefinition columnPosition?                  #modifyColumn
  | CHANGE COLUMN? ifExists? identifier columnDefinition columnPosition?       #changeColumn
  | ALTER COLUMN? identifier (SET DEFAULT bitExpr | DROP DEFAULT)           #alterColumnDefault
  | RENAME (TO | AS)? tableName                                                #renameTo
  | RENAME COLUMN identifier TO identifier                                     #renameColumn
  | RENAME (INDEX | KEY) identifier TO identifier                              #renameIndex
  | (DISABLE | ENABLE) KEYS                                                    #toggleKeys
  | CONVERT TO charsetClause (COLLATE charsetOrCollationName)?                 #convertTo
  | (ALGORITHM | LOCK) TK_EQ? (identifier | DEFAULT)                           #algorithmOrLock
  | FORCE                                                                      #forceRebuild
  | ORDER BY orderItem (TK_COMMA orderItem)*                                   #alterOrderBy
  | tableOption+                                                               #alterTableOptions
  ;
columnPosition: FIRST | AFTER identifier;

dropTableStatement
  : DROP TEMPORARY? (TABLE | TABLES) ifExists? tableName (TK_COMMA tableName)* (RESTRICT | CASCADE)?
  ;
truncateTableStatement: TRUNCATE TABLE? tableName;
renameTableStatement
  : RENAME (TABLE | TABLES) tableName TO tableName (TK_COMMA tableName TO tableName)*
  ;
createIndexStatement
  : CREATE (OR REPLACE)? (UNIQUE | FULLTEXT | SPATIAL)? INDEX ifNotExists? identifier indexType?
    ON tableName keyPartList indexOption* ((ALGORITHM | LOCK) TK_EQ? (identifier | DEFAULT))*
  ;
dropIndexStatement: DROP INDEX ifExists? identifier ON tableName;
createDatabaseStatement
  : CREATE (OR REPLACE)? (DATABASE | SCHEMA) ifNotExists? identifier databaseOption*
  ;
databaseOption
  : DEFAULT? (CHARACTER SET | CHARSET) TK_EQ? charsetOrCollationName
  | DEFAULT? COLLATE TK_EQ? charsetOrCollationName
  | COMMENT TK_EQ? TK_STRING
  ;
dropDatabaseStatement: DROP (DATABASE | SCHEMA) ifExists? identifier;

// ---------------------------------------------------------------------------------------------
// Transactions

beginStatement
  : BEGIN WORK?
  | START TRANSACTION (transactionCharacteristic (TK_COMMA transactionCharacteristic)*)?
  ;
transactionCharacteristic: WITH CONSISTENT SNAPSHOT | READ ONLY | READ WRITE;
commitStatement: COMMIT WORK? chainOption? releaseOption?;
rollbackStatement
  : ROLLBACK WORK? TO SAVEPOINT? identifier    #rollbackToSavepoint
  | ROLLBACK WORK? chainOption? releaseOption?  #plainRollback
  ;
chainOption: AND NO? CHAIN;
releaseOption: NO? RELEASE;
savepointStatement: SAVEPOINT identifier;
releaseSavepointStatement: RELEASE SAVEPOINT identifier;

xaStatement
  : XA (START | BEGIN) xid (JOIN | RESUME)?         #xaStart
  | XA END xid (SUSPEND (FOR MIGRATE)?)?           #xaEnd
  | XA PREPARE xid                                 #xaPrepare
  | XA COMMIT xid (ONE PHASE)?                     #xaCommit
  | XA ROLLBACK xid                                #xaRollback
  | XA RECOVER (FORMAT TK_EQ TK_STRING)?           #xaRecover
  ;
xid: xidPart (TK_COMMA xidPart (TK_COMMA TK_INT)?)?;
xidPart: TK_STRING | TK_HEX | TK_BIT | TK_INT | identifier;

// ---------------------------------------------------------------------------------------------
// Session statements

setStatement
  : SET (GLOBAL | SESSION | LOCAL)? TRANSACTION transactionSetting (TK_COMMA transactionSetting)*
                                                                          #setTransaction
  | SET setAssignment (TK_COMMA setAssignment)*                            #setAssignments
  ;
transactionSetting
  : ISOLATION LEVEL (READ UNCOMMITTED | READ COMMITTED | REPEATABLE READ | SERIALIZABLE)
  | READ ONLY
  | READ WRITE
  ;
setAssignment
  : NAMES (charsetOrCollationName (COLLATE charsetOrCollationName)?)        #setNames
  | (CHARACTER SET | CHARSET) charsetOrCollationName                         #setCharset
  | TK_USER_VAR (TK_EQ | TK_ASSIGN) expr                                     #setUserVariable
  | (GLOBAL | SESSION | LOCAL)? systemVariableName (TK_EQ | TK_ASSIGN) setValue  #setSystemVariable
  | TK_SYS_VAR (TK_EQ | TK_ASSIGN) setValue                                  #setSysVarToken
  ;
systemVariableName: identifier (TK_DOT identifier)?;
setValue: expr | ON | ALL | BINARY;

useStatement: USE identifier;

showStatement
  : SHOW FULL? (DATABASES | SCHEMAS) showFilter?                                  #showDatabases
  | SHOW FULL? TABLES fromDatabase? showFilter?                                   #showTables
  | SHOW TABLE STATUS fromDatabase? showFilter?                                   #showTableStatus
  | SHOW FULL? (COLUMNS | FIELDS) (FROM | IN) tableName fromDatabase? showFilter?  #showColumns
  | SHOW (INDEX | INDEXES | KEYS) (FROM | IN) tableName fromDatabase? whereClause?  #showIndex
  | SHOW CREATE (TABLE | VIEW) tableName                                          #showCreateTable
  | SHOW CREATE (DATABASE | SCHEMA) ifNotExists? identifier                       #showCreateDatabase
  | SHOW (GLOBAL | SESSION | LOCAL)? (VARIABLES | STATUS) showFilter?             #showVariables
  | SHOW (WARNINGS | ERRORS) limitClause?                                         #showWarnings
  | SHOW COUNT TK_LPAREN TK_STAR TK_RPAREN (WARNINGS | ERRORS)                    #showCountWarnings
  | SHOW FULL? PROCESSLIST                                                        #showProcesslist
  | SHOW STORAGE? ENGINES                                                         #showEngines
  | SHOW COLLATION showFilter?                                                    #showCollation
  | SHOW (CHARACTER SET | CHARSET) showFilter?                                    #showCharset
  | SHOW CREATE showCreateOtherObject otherToken+?                                #showOther
  | SHOW showOtherStart otherToken*?                                              #showOther
  ;
// SHOW forms the proxy does not need to understand; the specific forms above must not be
// swallowed here, so their broken variants stay syntax errors.
showOtherStart
  : ~(FULL | DATABASES | SCHEMAS | TABLES | TABLE | COLUMNS | FIELDS | INDEX | INDEXES | KEYS
     | CREATE | GLOBAL | SESSION | LOCAL | VARIABLES | STATUS | WARNINGS | ERRORS | COUNT
     | PROCESSLIST | STORAGE | ENGINES | COLLATION | CHARACTER | CHARSET | TK_SEMI)
  ;
showCreateOtherObject: PROCEDURE | FUNCTION | TRIGGER | EVENT | USER | identifier;
fromDatabase: (FROM | IN) identifier;
showFilter: LIKE TK_STRING | WHERE expr;

explainStatement
  : (EXPLAIN | DESCRIBE | DESC) explainOption? explainableStatement    #explainQuery
  | (EXPLAIN | DESCRIBE | DESC) tableName (identifier | TK_STRING)?     #describeTable
  ;
explainOption: EXTENDED | PARTITIONS | FORMAT TK_EQ identifier;
explainableStatement: selectStatement | insertStatement | updateStatement | deleteStatement;

killStatement: KILL (HARD | SOFT)? (CONNECTION | QUERY ID?)? expr;

lockTablesStatement: LOCK (TABLES | TABLE) lockItem (TK_COMMA lockItem)*;
lockItem: tableName (AS? identifier)? (READ LOCAL? | LOW_PRIORITY? WRITE CONCURRENT?);
unlockTablesStatement: UNLOCK (TABLES | TABLE);

// Statements the proxy only needs to recognise, not to understand: kept as a token span.
otherStatement
  : (ANALYZE | OPTIMIZE | CHECK | CHECKSUM | REPAIR | FLUSH | GRANT | REVOKE | CALL | DO
    | HANDLER | LOAD | RESET | PURGE | INSTALL | UNINSTALL | PREPARE | EXECUTE | DEALLOCATE
    | SIGNAL | RESIGNAL | HELP) otherToken*?
  | CREATE (OR REPLACE)? otherCreateTarget otherToken*?
  | DROP otherDropTarget otherToken*?
  | ALTER otherAlterTarget otherToken*?
  | SET (PASSWORD | ROLE | DEFAULT ROLE | STATEMENT) otherToken*?
  ;
otherCreateTarget
  : VIEW | TRIGGER | PROCEDURE | FUNCTION | EVENT | USER | ALGORITHM | DEFINER | SQL | AGGREGATE
  | identifier  // ROLE, SERVER, SEQUENCE, ...
  ;
otherDropTarget: VIEW | TRIGGER | PROCEDURE | FUNCTION | EVENT | USER | identifier;
otherAlterTarget: VIEW | USER | DATABASE | SCHEMA | EVENT | FUNCTION | PROCEDURE | identifier;
otherToken: ~(TK_SEMI);

// ---------------------------------------------------------------------------------------------
// Identifiers

identifier: TK_IDENT | TK_QUOTED_IDENT | nonReservedKeyword;

nonReservedKeyword
  : ACTION | AFTER | AGAINST | AGGREGATE | ALGORITHM | ALWAYS | ANY | AUTO_INCREMENT
  | AVG_ROW_LENGTH | BEGIN | BOOLEAN | BTREE | CAST | CHAIN | CHARSET | CHECKSUM | COLLATION
  | COLUMNS | COMMENT | COMMIT | COMMITTED | COMPACT | CONCURRENT | CONNECTION | CONSISTENT
  | COUNT | CURRENT | DATA | DATE | DATETIME | DAY | DEALLOCATE | DEFINER | DISABLE | DO
  | DUPLICATE | DYNAMIC | ENABLE | END | ENGINE | ENGINES | ERRORS | ESCAPE | EVENT | EXECUTE
  | EXTENDED | EXTRACT | FIELDS | FIRST | FLUSH | FOLLOWING | FORMAT | FULL | FUNCTION
  | GENERATED | GLOBAL | GRANTS | GROUP_CONCAT | HANDLER | HARD | HASH | HELP | HOUR | ID
  | INDEXES | INSTALL | INVISIBLE | ISOLATION | LANGUAGE | LAST | LESS | LEVEL | LOCAL | LOCKED
  | LOGS | MASTER | MICROSECOND | MIGRATE | MINUTE | MODE | MODIFY | MONTH | NAMES | NATIONAL
  | NEXT | NO | NOWAIT | NULLS | OF | ONE | ONLINE | ONLY | OPEN | OTHERS | PARTITIONS | PASSWORD
  | PERSISTENT | PHASE | PLUGINS | POSITION | PRECEDING | PREPARE | PRIVILEGES | PROCESSLIST
  | QUARTER | QUERY | QUICK | RECOVER | REPAIR | REPEATABLE | RESET | RESUME | ROLE | ROLLBACK
  | ROLLUP | ROUTINE | ROW | ROW_FORMAT | SAVEPOINT | SECOND | SERIALIZABLE | SESSION | SHARE
  | SIGNED | SKIP_ | SLAVE | SNAPSHOT | SOFT | SOME | SOUNDS | SQL_BUFFER_RESULT | SQL_CACHE
  | SQL_NO_CACHE | START | STATEMENT | STATUS | STORAGE | STORED | SUBSTR | SUBSTRING | SUSPEND
  | TABLES | TEMPORARY | TEXT | THAN | TIES | TIME | TIMESTAMP | TIMESTAMPADD | TIMESTAMPDIFF
  | TRANSACTION | TRIGGERS | TRIM | TRUNCATE | UNBOUNDED | UNCOMMITTED | UNINSTALL | UNKNOWN
  | USER | VALUE | VARIABLES | VIEW | VIRTUAL | WAIT | WARNINGS | WEEK | WORK | XA | YEAR
  ;
