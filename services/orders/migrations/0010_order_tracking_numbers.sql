-- The carrier's tracking number of a shipped order (the design's orders.tracking_number VARCHAR(100)). Null until
-- the order is shipped with one; written in the transaction of its SHIPPED transition, never changed after.
-- Stored exactly as given (the API refuses blanks, control characters and spaces at either end rather than trim
-- them), since it is looked up by exact match.
ALTER TABLE orders.orders ADD COLUMN tracking_number varchar(100);
ALTER TABLE orders.orders ADD CONSTRAINT orders_tracking_number_trimmed
  CHECK (tracking_number <> '' AND tracking_number = btrim(tracking_number));
-- Access pattern: "look up an order by its external tracking number". Unique, because a carrier's number names one
-- parcel: a second order claiming it is a mistake (409); partial, because most orders have none.
CREATE UNIQUE INDEX orders_tracking_number_key ON orders.orders (tracking_number) WHERE tracking_number IS NOT NULL;
-- No new grant: orders_svc's SELECT, INSERT, UPDATE on orders.orders (0001) is table-wide and covers the column;
-- no other role reads the order tables.
