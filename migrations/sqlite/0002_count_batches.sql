-- Batches of counts already added, by their id: a batch sent again after a write whose outcome
-- was unknown is recognised and not counted twice. Kept two days; `at` is Unix seconds.
CREATE TABLE count_batches (
    batch_id INTEGER PRIMARY KEY,
    at       INTEGER NOT NULL
);

CREATE INDEX count_batches_by_time ON count_batches (at);
