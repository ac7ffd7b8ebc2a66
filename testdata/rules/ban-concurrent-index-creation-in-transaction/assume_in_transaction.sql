-- fixture: assume-in-transaction=true
CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status); -- want: ban-concurrent-index-creation-in-transaction 2:1-2:26
