-- Batches of counts already added, by their id: a batch sent again after a write whose outcome
-- was unknown (the connection lost while it committed) is recognised and not counted twice.
-- Kept two days; `at` is Unix seconds.
CREATE TABLE count_batches (
    batch_id BIGINT PRIMARY KEY,
    at       BIGINT NOT NULL
);

CREATE INDEX count_batches_by_time ON count_batches (at);
