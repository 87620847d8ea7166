-- The demo's target table. s3load reads column names and types from the table itself.
CREATE SCHEMA IF NOT EXISTS demo;
DROP TABLE IF EXISTS demo.orders;
CREATE TABLE demo.orders (
  order_id   integer PRIMARY KEY,
  customer   text NOT NULL,
  amount     numeric(10, 2),
  ordered_at date
);
