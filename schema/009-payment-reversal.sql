-- 009: a payment recorded by mistake is reversed, never deleted or
-- edited; a voucher is used once per fund year.
--
-- A reversal is a payment row of its own: the same amount, negative,
-- naming the payment it cancels (reverses) and why (reason). Every sum
-- of payments (what an application was paid, the fund years' running
-- figures, the rule that payments stay within the grant) is then right
-- as it is, and both rows stay in the case's history and the audit
-- trail. The table's CHECK (amount > 0) becomes (amount != 0): SQLite
-- cannot alter a CHECK, and rebuilding a table that other tables and
-- the tallies' triggers reference would drop more than it keeps, so its
-- text is loosened in place, as SQLite's documentation describes for
-- removing a constraint (the rows already there satisfy it); the ADD
-- COLUMN after it makes this connection read the schema again. The
-- column's own CHECK puts the sign back: positive unless a reversal.

PRAGMA writable_schema = ON;
UPDATE sqlite_schema
SET sql = replace(sql, 'CHECK (amount > 0)', 'CHECK (amount != 0)')
WHERE type = 'table' AND name = 'payment';
PRAGMA writable_schema = OFF;

ALTER TABLE payment ADD COLUMN reverses INTEGER REFERENCES payment (id)
    CHECK ((reverses IS NULL) = (amount > 0));
ALTER TABLE payment ADD COLUMN reason TEXT;

-- A payment is reversed once, in full, by a row of its own application.
CREATE UNIQUE INDEX payment_reversed ON payment (reverses)
    WHERE reverses IS NOT NULL;

CREATE TRIGGER payment_reversal_whole
BEFORE INSERT ON payment
WHEN NEW.reverses IS NOT NULL AND NOT EXISTS (
	SELECT 1 FROM payment p
	WHERE p.id = NEW.reverses AND p.application_id = NEW.application_id
	    AND p.reverses IS NULL AND p.amount = -NEW.amount)
BEGIN
	SELECT RAISE(ABORT, 'civic:state: a reversal cancels one payment of its application, in full');
END;

-- A voucher pays once in a fund year; a reversed payment's is free again.
CREATE TRIGGER payment_voucher_once
BEFORE INSERT ON payment
WHEN NEW.reverses IS NULL AND EXISTS (
	SELECT 1 FROM payment p JOIN application a ON a.id = p.application_id
	WHERE p.reference = NEW.reference AND p.reverses IS NULL
	    AND NOT EXISTS (SELECT 1 FROM payment r WHERE r.reverses = p.id)
	    AND a.year = (SELECT year FROM application
	                  WHERE id = NEW.application_id))
BEGIN
	SELECT RAISE(ABORT, 'civic:conflict: the voucher is used in this fund year');
END;

-- Reversing the only payments leaves a grant approved, not paid.
INSERT INTO application_transition VALUES ('paid', 'approved');
