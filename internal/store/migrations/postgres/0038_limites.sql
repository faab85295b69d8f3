-- The token buckets of the rate limits (login paths per address and per
-- e-mail, API per token), shared by every instance of a deployment: behind a
-- load balancer, an attacker sending to several instances gets the same
-- allowance as against one. Each instance keeps its own bucket in memory in
-- front of this one, so a flood is refused there without writing here.
-- maj is in microseconds since 1970 so that both databases compute the
-- refill with the same integer arithmetic.
CREATE TABLE limites (
    cle     TEXT PRIMARY KEY,
    jetons  DOUBLE PRECISION NOT NULL,
    maj     BIGINT NOT NULL
);

CREATE INDEX limites_maj ON limites (maj);
