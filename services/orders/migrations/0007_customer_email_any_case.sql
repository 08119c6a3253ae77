-- One customer per email whatever its case: Ada@Example.com and ada@example.com reach the same mailbox in practice,
-- and a second account for it would split that customer's history. The address is stored as given.
-- A database that already holds two customers whose emails differ only in case stops this migration (and changes
-- nothing); merge or rename one of them, then start again.
ALTER TABLE orders.customers DROP CONSTRAINT customers_email_key;
CREATE UNIQUE INDEX customers_email_key ON orders.customers (lower(email));
