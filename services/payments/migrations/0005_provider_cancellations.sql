-- The simulated provider can cancel a charge that has not happened (as a card processor voids a payment intent):
-- the key's ledger row is then CANCELLED, and any later charge with that key is declined.
ALTER TABLE provider_sim.ledger DROP CONSTRAINT ledger_status_check;
ALTER TABLE provider_sim.ledger ADD CONSTRAINT ledger_status_check CHECK (status IN ('SUCCEEDED', 'DECLINED', 'CANCELLED'));
