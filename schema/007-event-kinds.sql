-- 007: what happened to an application, in machine words. Its history's
-- kinds were English phrases ("information requested"), and accepting
-- accounts that left money to pay back stored an English sentence as the
-- step's text: what civicd sends must be language-free, so that each
-- client renders it in its person's language (issue "civic speaks
-- Danish"). The kinds become words of their own; the sentence goes (the
-- step's amount, the payments and the accounts say the same in figures).

UPDATE application_event SET kind = CASE kind
	WHEN 'information requested' THEN 'information_requested'
	WHEN 'conflict of interest declared' THEN 'conflict_declared'
	WHEN 'accounts submitted' THEN 'accounts_submitted'
	WHEN 'accounts returned' THEN 'accounts_returned'
	WHEN 'accounts accepted' THEN 'accounts_accepted'
	ELSE kind END;

UPDATE application_event SET text = NULL
WHERE kind = 'accounts_accepted' AND text =
    'the project spent less than it was paid; the difference is to be paid back';
