/* Drives MariaDB Connector/C's prepared-statement API with every parameter type, so that
   capture_golden.py can record the COM_STMT_* packets a real client sends.
   Build: cc stmt_client.c $(pkg-config --cflags --libs libmariadb) -o stmt_client
   Usage: stmt_client <port>   (user golden_user, password s3cret, database golden) */
#include <mysql.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(stmt, call)                                                         \
  do {                                                                            \
    if (call) {                                                                   \
      fprintf(stderr, "%s: %s\n", #call, stmt ? mysql_stmt_error(stmt) : "");     \
      exit(1);                                                                    \
    }                                                                             \
  } while (0)

int main(int argc, char** argv) {
  MYSQL* mysql = mysql_init(NULL);
  if (!mysql_real_connect(mysql, "127.0.0.1", "golden_user", "s3cret", "golden", atoi(argv[1]),
                          NULL, 0)) {
    fprintf(stderr, "connect: %s\n", mysql_error(mysql));
    return 1;
  }
  MYSQL_STMT* stmt = mysql_stmt_init(mysql);
  const char* sql =
      "select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?";
  CHECK(stmt, mysql_stmt_prepare(stmt, sql, strlen(sql)));

  signed char tiny = -5;
  unsigned char utiny = 250;
  short small = -1234;
  int long_value = -123456789;
  unsigned long long ulonglong = 18446744073709551615ULL;
  float f = 0.1f;
  double d = -2.5e-300;
  char text[] = "it's \"q\" \\ \x1a end";
  char blob[] = {'a', 0, 'b', '\'', '\\', (char)0xff};
  char decimal[] = "-123.450";
  MYSQL_TIME date, datetime, time;
  memset(&date, 0, sizeof(date));
  memset(&datetime, 0, sizeof(datetime));
  memset(&time, 0, sizeof(time));
  date.year = 2024; date.month = 2; date.day = 29; date.time_type = MYSQL_TIMESTAMP_DATE;
  datetime.year = 1999; datetime.month = 12; datetime.day = 31; datetime.hour = 23;
  datetime.minute = 59; datetime.second = 58; datetime.second_part = 123456;
  datetime.time_type = MYSQL_TIMESTAMP_DATETIME;
  time.neg = 1; time.day = 0; time.hour = 50; time.minute = 6; time.second = 7;
  time.second_part = 8; time.time_type = MYSQL_TIMESTAMP_TIME;
  long long longlong = -9223372036854775807LL - 1;
  char empty[] = "";

  MYSQL_BIND bind[16];
  unsigned long lengths[16];
  memset(bind, 0, sizeof(bind));
  bind[0].buffer_type = MYSQL_TYPE_TINY; bind[0].buffer = &tiny;
  bind[1].buffer_type = MYSQL_TYPE_TINY; bind[1].buffer = &utiny; bind[1].is_unsigned = 1;
  bind[2].buffer_type = MYSQL_TYPE_SHORT; bind[2].buffer = &small;
  bind[3].buffer_type = MYSQL_TYPE_LONG; bind[3].buffer = &long_value;
  bind[4].buffer_type = MYSQL_TYPE_LONGLONG; bind[4].buffer = &ulonglong; bind[4].is_unsigned = 1;
  bind[5].buffer_type = MYSQL_TYPE_FLOAT; bind[5].buffer = &f;
  bind[6].buffer_type = MYSQL_TYPE_DOUBLE; bind[6].buffer = &d;
  lengths[7] = strlen(text);
  bind[7].buffer_type = MYSQL_TYPE_STRING; bind[7].buffer = text; bind[7].length = &lengths[7];
  lengths[8] = sizeof(blob);
  bind[8].buffer_type = MYSQL_TYPE_BLOB; bind[8].buffer = blob; bind[8].length = &lengths[8];
  lengths[9] = strlen(decimal);
  bind[9].buffer_type = MYSQL_TYPE_NEWDECIMAL; bind[9].buffer = decimal;
  bind[9].length = &lengths[9];
  bind[10].buffer_type = MYSQL_TYPE_DATE; bind[10].buffer = &date;
  bind[11].buffer_type = MYSQL_TYPE_DATETIME; bind[11].buffer = &datetime;
  bind[12].buffer_type = MYSQL_TYPE_TIME; bind[12].buffer = &time;
  bind[13].buffer_type = MYSQL_TYPE_NULL;
  bind[14].buffer_type = MYSQL_TYPE_LONGLONG; bind[14].buffer = &longlong;
  /* Parameter 15 arrives through COM_STMT_SEND_LONG_DATA. */
  lengths[15] = 0;
  bind[15].buffer_type = MYSQL_TYPE_STRING; bind[15].buffer = empty; bind[15].length = &lengths[15];
  CHECK(stmt, mysql_stmt_bind_param(stmt, bind));
  CHECK(stmt, mysql_stmt_send_long_data(stmt, 15, "long ", 5));
  CHECK(stmt, mysql_stmt_send_long_data(stmt, 15, "data", 4));
  CHECK(stmt, mysql_stmt_execute(stmt));
  CHECK(stmt, mysql_stmt_store_result(stmt));
  mysql_stmt_free_result(stmt);

  /* Second execute with the same binding: no types sent (new-params-bound = 0). */
  tiny = 7;
  CHECK(stmt, mysql_stmt_execute(stmt));
  CHECK(stmt, mysql_stmt_store_result(stmt));
  mysql_stmt_free_result(stmt);
  CHECK(stmt, mysql_stmt_reset(stmt));
  mysql_stmt_close(stmt);

  /* A binary result set with every column type, fetched through a read-only cursor. */
  stmt = mysql_stmt_init(mysql);
  const char* select_all = "select * from t_all order by id";
  CHECK(stmt, mysql_stmt_prepare(stmt, select_all, strlen(select_all)));
  unsigned long cursor = CURSOR_TYPE_READ_ONLY;
  CHECK(stmt, mysql_stmt_attr_set(stmt, STMT_ATTR_CURSOR_TYPE, &cursor));
  unsigned long prefetch = 2;
  CHECK(stmt, mysql_stmt_attr_set(stmt, STMT_ATTR_PREFETCH_ROWS, &prefetch));
  CHECK(stmt, mysql_stmt_execute(stmt));
  while (mysql_stmt_fetch(stmt) == 0) {
  }
  mysql_stmt_close(stmt);

  mysql_change_user(mysql, "golden_user", "s3cret", "golden");
  mysql_ping(mysql);
  mysql_close(mysql);
  return 0;
}
