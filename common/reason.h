/*
 * reason.h - the one table of refusals.
 *
 * Every refusal civicd sends is a reason from this table: the varlink
 * error it is sent as (errors.h), a short machine code that tells it apart
 * from the other reasons sent as the same error ("" when it is the only
 * one), its typed figures, and the sentence a person reads. The daemon
 * sends the error name, the code (as "reason") and the figures, never the
 * sentence; the client renders the sentence from the figures, in the
 * person's language and formats.
 *
 * A figure is "name:kind". The kinds, and how each travels on the wire:
 *   p  the parameter at fault: its wire name ("lines[2].amount"), string
 *   m  an amount in øre: "25000.00"
 *   t  an instant: RFC 3339 in UTC
 *   d  a date (a day number): "2017-05-02"
 *   n  a number or an id: a JSON integer
 *   s  a machine word (a status, a CVR number, a code): string
 *   l  a list of machine words: array of strings
 *   r  roles (ROLE_* bits): array of role names
 * In the sentence, {name} stands for a figure; {command} for what the
 * person ran (the client knows it; the daemon does not).
 *
 * Add a reason here, declare its figures in the IDL of its error, and
 * produce it in a test: tests/unit/test-reason.c and
 * tests/integration/reasons.sh check all three.
 */
#ifndef CIVIC_REASON_H
#define CIVIC_REASON_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "errors.h"

/* Marks a sentence for translation without translating it here. */
#ifndef N_
#define N_(s) s
#endif

/* X(ID, error, code, figures, sentence) */
#define REASON_LIST(X) \
	/* the varlink service and the protocol */ \
	X(R_INTERFACE_NOT_FOUND, CIVIC_E_INTERFACE_NOT_FOUND, "", \
	    "interface:s", N_("civicd has no interface {interface}")) \
	X(R_METHOD_NOT_FOUND, CIVIC_E_METHOD_NOT_FOUND, "", "method:s", \
	    N_("civicd has no method {method}")) \
	X(R_EXPECTED_MORE, CIVIC_E_EXPECTED_MORE, "", "", \
	    N_("civicd answers this in several replies: call it with more " \
	       "(civic call --more)")) \
	X(R_SHUTTING_DOWN, CIVIC_E_SHUTTING_DOWN, "", "", \
	    N_("civicd is stopping; try again in a moment")) \
	X(R_TOO_MANY_ALL, CIVIC_E_TOO_MANY_CONNECTIONS, "all", "limit:n", \
	    N_("civicd serves no more connections (limit {limit})")) \
	X(R_TOO_MANY_UID, CIVIC_E_TOO_MANY_CONNECTIONS, "uid", "limit:n", \
	    N_("civicd serves no more connections for your user (limit " \
	       "{limit})")) \
	X(R_TOO_MANY_REFUSALS, CIVIC_E_TOO_MANY_REFUSALS, "", "limit:n", \
	    N_("your user was refused more than {limit} times in the last " \
	       "minute; civicd refuses it without looking until the minute " \
	       "is over")) \
	X(R_PROTO_JSON, CIVIC_E_PROTOCOL, "json", "byte:n", \
	    N_("the message is not valid JSON (at byte {byte})")) \
	X(R_PROTO_NOT_OBJECT, CIVIC_E_PROTOCOL, "not_object", "", \
	    N_("a message must be a JSON object")) \
	X(R_PROTO_FLAG, CIVIC_E_PROTOCOL, "flag_type", "", \
	    N_("oneway, more and upgrade must be true or false")) \
	X(R_PROTO_METHOD, CIVIC_E_PROTOCOL, "no_method", "", \
	    N_("a call needs a method, as a string")) \
	X(R_PROTO_PARAMS, CIVIC_E_PROTOCOL, "parameters_type", "", \
	    N_("parameters must be a JSON object")) \
	X(R_PROTO_ONEWAY_MORE, CIVIC_E_PROTOCOL, "oneway_and_more", "", \
	    N_("a call cannot be both oneway and more")) \
	X(R_PROTO_TOO_LARGE, CIVIC_E_PROTOCOL, "too_large", "limit:n", \
	    N_("the message is larger than {limit} bytes")) \
	X(R_PROTO_TOO_SLOW, CIVIC_E_PROTOCOL, "too_slow", "seconds:n", \
	    N_("the message was not finished within {seconds} s")) \
	X(R_PROTO_CUT_OFF, CIVIC_E_PROTOCOL, "cut_off", "", \
	    N_("the connection was closed in the middle of a message")) \
	X(R_PROTO_MEMORY, CIVIC_E_PROTOCOL, "out_of_memory", "", \
	    N_("civicd ran out of memory reading the message")) \
	X(R_INTERNAL, CIVIC_E_INTERNAL, "", "", \
	    N_("civicd failed; nothing was changed; its log says why")) \
	X(R_ACCESS_LOG, CIVIC_E_INTERNAL, "access_log", "", \
	    N_("the read could not be recorded in the access log, so " \
	       "nothing is shown")) \
	X(R_BACKUP_UNREADABLE, CIVIC_E_INTERNAL, "backup", "", \
	    N_("the backup could not be read back; civicd's log says why")) \
	/* who may */ \
	X(R_PERMISSION_DENIED, CIVIC_E_PERMISSION_DENIED, "", \
	    "method:s required:r roles:r", \
	    N_("{command} needs the role {required}; you have {roles}")) \
	X(R_TOKEN_MALFORMED, CIVIC_E_AUTHENTICATION_FAILED, "malformed", "", \
	    N_("this is not a civic token (they start with \"civic_\" and " \
	       "are 49 characters long)")) \
	X(R_TOKEN_UNKNOWN, CIVIC_E_AUTHENTICATION_FAILED, "unknown", "", \
	    N_("the token is unknown or revoked, or its applicant is " \
	       "disabled; ask an administrator for a new one")) \
	X(R_TOKEN_REVOKED, CIVIC_E_AUTHENTICATION_FAILED, "revoked", "", \
	    N_("the token this connection presented has been revoked, or " \
	       "its applicant disabled")) \
	X(R_NOT_FOUND, CIVIC_E_NOT_FOUND, "", "what:s id:s", \
	    N_("there is no {what} {id}")) \
	X(R_NO_PERSONAL_DATA, CIVIC_E_NOT_FOUND, "person", "person:s", \
	    N_("civic holds no personal data about {person}")) \
	/* a field's type, size, encoding and form */ \
	X(R_UPGRADE, CIVIC_E_INVALID_PARAMETER, "upgrade", "parameter:p", \
	    N_("no civic method supports connection upgrades")) \
	X(R_NOT_OBJECT, CIVIC_E_INVALID_PARAMETER, "not_object", \
	    "parameter:p", N_("{parameter} must be an object")) \
	X(R_UNKNOWN_FIELD, CIVIC_E_INVALID_PARAMETER, "unknown_field", \
	    "parameter:p", N_("{parameter} is not a known field")) \
	X(R_REQUIRED, CIVIC_E_INVALID_PARAMETER, "required", "parameter:p", \
	    N_("{parameter} is required")) \
	X(R_NOT_STRING, CIVIC_E_INVALID_PARAMETER, "not_string", \
	    "parameter:p", N_("{parameter} must be text")) \
	X(R_NOT_UTF8, CIVIC_E_INVALID_PARAMETER, "not_utf8", "parameter:p", \
	    N_("{parameter} is not valid UTF-8")) \
	X(R_CONTROL, CIVIC_E_INVALID_PARAMETER, "control", "parameter:p", \
	    N_("{parameter} must not contain control characters or " \
	       "newlines")) \
	X(R_FORMAT, CIVIC_E_INVALID_PARAMETER, "format", "parameter:p", \
	    N_("{parameter} holds an invisible character that changes how " \
	       "the text is shown (such as a right-to-left override or a " \
	       "zero-width space); type it again without it")) \
	X(R_CONTROL_MULTILINE, CIVIC_E_INVALID_PARAMETER, "control_multiline", \
	    "parameter:p", \
	    N_("{parameter} must not contain control characters other than " \
	       "newline and tab")) \
	X(R_EMPTY, CIVIC_E_INVALID_PARAMETER, "empty", "parameter:p", \
	    N_("{parameter} must not be empty")) \
	X(R_TOO_SHORT, CIVIC_E_INVALID_PARAMETER, "too_short", \
	    "parameter:p min:n", \
	    N_("{parameter} must be at least {min} characters")) \
	X(R_TOO_LONG, CIVIC_E_INVALID_PARAMETER, "too_long", \
	    "parameter:p max:n", \
	    N_("{parameter} must be at most {max} characters")) \
	X(R_CPR, CIVIC_E_INVALID_PARAMETER, "cpr", "parameter:p", \
	    N_("{parameter} looks like it holds a CPR number; civic must not " \
	       "store CPR numbers, so leave it out")) \
	X(R_NOT_INTEGER, CIVIC_E_INVALID_PARAMETER, "not_integer", \
	    "parameter:p", N_("{parameter} must be a whole number")) \
	X(R_OUT_OF_RANGE, CIVIC_E_INVALID_PARAMETER, "out_of_range", \
	    "parameter:p min:n max:n", \
	    N_("{parameter} must be between {min} and {max}")) \
	X(R_NOT_BOOL, CIVIC_E_INVALID_PARAMETER, "not_bool", "parameter:p", \
	    N_("{parameter} must be true or false")) \
	X(R_NOT_AMOUNT, CIVIC_E_INVALID_PARAMETER, "not_amount", \
	    "parameter:p", \
	    N_("{parameter} must be an amount in kroner with at most two " \
	       "decimals")) \
	X(R_AMOUNT_TOO_SMALL, CIVIC_E_INVALID_PARAMETER, "amount_too_small", \
	    "parameter:p least:m", N_("{parameter} must be at least {least}")) \
	X(R_AMOUNT_RANGE, CIVIC_E_INVALID_PARAMETER, "amount_range", \
	    "parameter:p least:m most:m", \
	    N_("{parameter} must be between {least} and {most}")) \
	X(R_NOT_DATE, CIVIC_E_INVALID_PARAMETER, "not_date", "parameter:p", \
	    N_("{parameter} must be a date")) \
	X(R_NOT_TIME, CIVIC_E_INVALID_PARAMETER, "not_time", "parameter:p", \
	    N_("{parameter} must be a date and time")) \
	X(R_NOT_ONE_OF, CIVIC_E_INVALID_PARAMETER, "not_one_of", \
	    "parameter:p allowed:l", \
	    N_("{parameter} must be one of: {allowed}")) \
	X(R_NOT_ARRAY, CIVIC_E_INVALID_PARAMETER, "not_array", "parameter:p", \
	    N_("{parameter} must be a list")) \
	X(R_TOO_FEW, CIVIC_E_INVALID_PARAMETER, "too_few", \
	    "parameter:p min:n", \
	    N_("{parameter} must be given at least {min} times")) \
	X(R_TOO_MANY, CIVIC_E_INVALID_PARAMETER, "too_many", \
	    "parameter:p max:n", \
	    N_("{parameter} may be given at most {max} times")) \
	X(R_TWICE, CIVIC_E_INVALID_PARAMETER, "twice", "parameter:p", \
	    N_("{parameter} is given twice")) \
	X(R_NOT_HEX, CIVIC_E_INVALID_PARAMETER, "not_hex", \
	    "parameter:p digits:n", \
	    N_("{parameter} must be {digits} hex digits")) \
	X(R_NOT_CVR, CIVIC_E_INVALID_PARAMETER, "not_cvr", "parameter:p", \
	    N_("{parameter} is not a valid CVR number (eight digits that " \
	       "pass the modulus-11 check)")) \
	X(R_CVR_CITIZEN, CIVIC_E_INVALID_PARAMETER, "cvr_citizen", \
	    "parameter:p", N_("only an association has a CVR number")) \
	X(R_NOT_EMAIL, CIVIC_E_INVALID_PARAMETER, "not_email", "parameter:p", \
	    N_("{parameter} is not an e-mail address")) \
	X(R_NOT_PHONE, CIVIC_E_INVALID_PARAMETER, "not_phone", "parameter:p", \
	    N_("{parameter} is not a phone number (8 digits, or + and " \
	       "country code and up to 15 digits)")) \
	X(R_NOT_LANGUAGE, CIVIC_E_INVALID_PARAMETER, "not_language", \
	    "parameter:p", \
	    N_("{parameter} must be a language name of 1 to 40 characters")) \
	/* rules between fields */ \
	X(R_CITIZEN_CONTACT, CIVIC_E_INVALID_PARAMETER, "citizen_contact", \
	    "parameter:p", \
	    N_("a citizen needs an e-mail address or a phone number")) \
	X(R_PERSON_CONTACT, CIVIC_E_INVALID_PARAMETER, "person_contact", \
	    "parameter:p", \
	    N_("give the person's e-mail address or phone number")) \
	X(R_REGISTRANT_CONTACT, CIVIC_E_INVALID_PARAMETER, \
	    "registrant_contact", "parameter:p", \
	    N_("give an e-mail address or a phone number (only walk-ins may " \
	       "have neither)")) \
	X(R_BEFORE, CIVIC_E_INVALID_PARAMETER, "before", \
	    "parameter:p other:p", N_("{parameter} is before {other}")) \
	X(R_NOT_AFTER, CIVIC_E_INVALID_PARAMETER, "not_after", \
	    "parameter:p other:p", N_("{parameter} must be after {other}")) \
	X(R_START_AND_END, CIVIC_E_INVALID_PARAMETER, "start_and_end", \
	    "parameter:p", \
	    N_("{parameter} is needed too: a meeting has both a start and an " \
	       "end, or neither yet")) \
	X(R_EXCLUSIVE, CIVIC_E_INVALID_PARAMETER, "exclusive", \
	    "parameter:p other:p", \
	    N_("{parameter} cannot be given with {other}")) \
	X(R_ABOVE_CAPACITY, CIVIC_E_INVALID_PARAMETER, "above_capacity", \
	    "parameter:p", \
	    N_("{parameter} must not be more than the capacity")) \
	X(R_LINES_SUM, CIVIC_E_INVALID_PARAMETER, "lines_sum", \
	    "parameter:p sum:m requested:m", \
	    N_("the budget lines add up to {sum}, but the amount requested " \
	       "is {requested}")) \
	X(R_IN_FUTURE, CIVIC_E_INVALID_PARAMETER, "future", "parameter:p", \
	    N_("{parameter} is in the future")) \
	X(R_EXACTLY_ONE, CIVIC_E_INVALID_PARAMETER, "exactly_one", \
	    "parameter:p", \
	    N_("give exactly one of a code, a ticket and a registration " \
	       "number")) \
	X(R_STAFF_ONLY, CIVIC_E_INVALID_PARAMETER, "staff_only", \
	    "parameter:p", \
	    N_("{parameter} is for coordinators and administrators; others " \
	       "see the upcoming meetings")) \
	X(R_STARTS_PAST, CIVIC_E_INVALID_PARAMETER, "starts_past", \
	    "parameter:p", \
	    N_("{parameter} is in the past; --force records a meeting that " \
	       "was held")) \
	X(R_WALK_IN_ONLY, CIVIC_E_INVALID_PARAMETER, "walk_in_only", \
	    "parameter:p", \
	    N_("{parameter} is for a walk-in at the door, or a registration " \
	       "after registration has closed")) \
	/* the fund's rules */ \
	X(R_ABOVE_REQUEST, CIVIC_E_INVALID_PARAMETER, "above_request", \
	    "parameter:p most:m", \
	    N_("{parameter} is more than the application asks for (at most " \
	       "{most})")) \
	X(R_BEFORE_SUBMISSION, CIVIC_E_INVALID_PARAMETER, "before_submission", \
	    "parameter:p submitted:d", \
	    N_("{parameter} is before the application was submitted " \
	       "({submitted})")) \
	X(R_ABOVE_UNPAID, CIVIC_E_INVALID_PARAMETER, "above_unpaid", \
	    "parameter:p most:m", \
	    N_("{parameter} is more than what is left of the grant (at most " \
	       "{most})")) \
	X(R_BEFORE_DECISION, CIVIC_E_INVALID_PARAMETER, "before_decision", \
	    "parameter:p decided:d", \
	    N_("{parameter} is before the grant was decided ({decided})")) \
	X(R_ABOVE_DUE, CIVIC_E_INVALID_PARAMETER, "above_due", \
	    "parameter:p most:m", \
	    N_("{parameter} is more than is still to be paid back (at most " \
	       "{most})")) \
	X(R_IN_PAST, CIVIC_E_INVALID_PARAMETER, "past", "parameter:p", \
	    N_("{parameter} is in the past")) \
	X(R_NOTHING_DUE_BY, CIVIC_E_INVALID_PARAMETER, "nothing_due_by", \
	    "parameter:p", \
	    N_("{parameter} gives a date to pay back by, but the project " \
	       "spent at least what it was paid: nothing is to be paid back")) \
	X(R_CARRY_NOT_OPEN, CIVIC_E_INVALID_PARAMETER, "carry_not_open", \
	    "parameter:p", \
	    N_("{parameter} is not a grant of that year still open: only an " \
	       "approved or paid grant whose accounts are not accepted is " \
	       "carried on")) \
	X(R_ACCOUNT_LINE_TWICE, CIVIC_E_INVALID_PARAMETER, "line_twice", \
	    "parameter:p line:n", N_("budget line {line} is given twice")) \
	X(R_ACCOUNT_LINES, CIVIC_E_INVALID_PARAMETER, "account_lines", \
	    "parameter:p lines:n", \
	    N_("give the actual spending of every budget line (the " \
	       "application has {lines})")) \
	X(R_BELOW_GRANTED, CIVIC_E_INVALID_PARAMETER, "below_granted", \
	    "parameter:p least:m", \
	    N_("{parameter} must be at least {least}: that much is already " \
	       "granted")) \
	X(R_CARRY_OVER_USED, CIVIC_E_INVALID_PARAMETER, "carry_over_used", \
	    "parameter:p year:n next:n", \
	    N_("carry-over cannot be turned off: {next} has already granted " \
	       "money that {year} carries over to it")) \
	X(R_BUDGET_EXCEEDED, CIVIC_E_BUDGET_EXCEEDED, "", \
	    "year:n amount:m remaining:m", \
	    N_("the fund year {year} can grant only {remaining} more; " \
	       "{amount} is too much")) \
	X(R_BUDGET_RULE, CIVIC_E_BUDGET_EXCEEDED, "rule", "", \
	    N_("that would leave a fund year overspent")) \
	X(R_CAP_EXCEEDED, CIVIC_E_CAP_EXCEEDED, "", "year:n amount:m cap:m", \
	    N_("{amount} is above the cap of {cap} per application in " \
	       "{year}")) \
	X(R_CAP_RULE, CIVIC_E_CAP_EXCEEDED, "rule", "", \
	    N_("that is above the fund's cap per application")) \
	X(R_CONFLICT_OF_INTEREST, CIVIC_E_CONFLICT_OF_INTEREST, "declared", \
	    "id:n", \
	    N_("a conflict of interest in application {id} is on record " \
	       "for you; another administrator must act on it")) \
	X(R_CONFLICT_OWN_TOKEN, CIVIC_E_CONFLICT_OF_INTEREST, "own_token", \
	    "id:n applicant:n", \
	    N_("you are acting as applicant {applicant}, and application " \
	       "{id} is theirs; another administrator must act on it")) \
	X(R_CONFLICT_SUBMITTED, CIVIC_E_CONFLICT_OF_INTEREST, "submitted", \
	    "id:n", \
	    N_("you submitted application {id} yourself; another " \
	       "administrator must act on it")) \
	X(R_CVR_TAKEN, CIVIC_E_CONFLICT, "cvr_taken", "cvr:s applicant:n", \
	    N_("CVR number {cvr} already belongs to applicant {applicant}")) \
	X(R_APPLICANT_DISABLED, CIVIC_E_INVALID_STATE, "applicant_disabled", \
	    "", N_("a disabled applicant gets no new token")) \
	X(R_APP_EDIT, CIVIC_E_INVALID_STATE, "application_edit", "status:s", \
	    N_("the application is {status}; only a draft or an application " \
	       "awaiting information can be changed")) \
	X(R_APP_DELETE, CIVIC_E_INVALID_STATE, "application_delete", \
	    "status:s", \
	    N_("the application is {status}; only a draft can be deleted")) \
	X(R_APP_SUBMIT, CIVIC_E_INVALID_STATE, "application_submit", \
	    "status:s", \
	    N_("the application is {status}; only a draft or an application " \
	       "awaiting information can be submitted")) \
	X(R_APP_WITHDRAW, CIVIC_E_INVALID_STATE, "application_withdraw", \
	    "status:s", \
	    N_("the application is {status}; only a submitted application or " \
	       "one awaiting information can be withdrawn")) \
	X(R_APP_DECIDE, CIVIC_E_INVALID_STATE, "application_decide", \
	    "status:s", \
	    N_("the application is {status}; only a submitted application " \
	       "can be decided or asked about")) \
	X(R_APP_REJECT, CIVIC_E_INVALID_STATE, "application_reject", \
	    "status:s", \
	    N_("the application is {status}; only a submitted application or " \
	       "one awaiting information can be rejected")) \
	X(R_APP_REVOKE, CIVIC_E_INVALID_STATE, "application_revoke", \
	    "status:s", \
	    N_("the application is {status}; only an approved grant with " \
	       "nothing paid yet can be revoked")) \
	X(R_APP_PAY, CIVIC_E_INVALID_STATE, "application_pay", "status:s", \
	    N_("the application is {status}; only an approved grant can be " \
	       "paid")) \
	X(R_APP_REVERSE, CIVIC_E_INVALID_STATE, "application_reverse", \
	    "status:s", \
	    N_("the application is {status}; only a paid grant has payments " \
	       "to reverse")) \
	X(R_APP_ACCOUNTS, CIVIC_E_INVALID_STATE, "application_accounts", \
	    "status:s", \
	    N_("the application is {status}; only a paid grant has final " \
	       "accounts")) \
	X(R_ACCOUNTS_WAITING, CIVIC_E_INVALID_STATE, "accounts_waiting", \
	    "status:s", N_("the accounts already wait for an administrator")) \
	X(R_PAYMENT_REVERSED, CIVIC_E_INVALID_STATE, "payment_reversed", \
	    "payment:n", N_("payment {payment} is reversed already")) \
	X(R_PAYMENT_IS_REVERSAL, CIVIC_E_INVALID_STATE, "payment_is_reversal", \
	    "payment:n", \
	    N_("payment {payment} is itself a reversal; record the payment " \
	       "again instead")) \
	X(R_VOUCHER_TAKEN, CIVIC_E_CONFLICT, "voucher_taken", \
	    "reference:s application:n", \
	    N_("voucher {reference} already pays application {application} " \
	       "in this fund year; reverse that payment first if it was a " \
	       "mistake")) \
	X(R_YEAR_NOT_OPEN, CIVIC_E_INVALID_STATE, "year_not_open", "year:n", \
	    N_("the fund year {year} is not open for applications yet; an " \
	       "administrator opens it with civic fund set")) \
	X(R_YEAR_FIXED, CIVIC_E_INVALID_STATE, "year_fixed", "year:n", \
	    N_("the application belongs to the fund year {year} since it " \
	       "was first submitted")) \
	X(R_YEAR_PAST, CIVIC_E_INVALID_PARAMETER, "year_past", \
	    "parameter:p current:n", \
	    N_("{parameter} is a past fund year; the current one is " \
	       "{current}")) \
	X(R_NO_ACCOUNTS, CIVIC_E_INVALID_STATE, "no_accounts", "status:s", \
	    N_("no accounts have been submitted")) \
	X(R_ACCOUNTS_RETURNED, CIVIC_E_INVALID_STATE, "accounts_returned", \
	    "status:s", \
	    N_("the accounts were sent back and not submitted again")) \
	X(R_UNPAID_REST, CIVIC_E_INVALID_STATE, "unpaid_rest", \
	    "status:s unpaid:m", \
	    N_("record the rest of the payment before accepting: after that " \
	       "the case is closed ({unpaid} is still to be paid)")) \
	X(R_PAYMENT_RULE, CIVIC_E_INVALID_PARAMETER, "payment_rule", \
	    "parameter:p", \
	    N_("{parameter} would make the payments more than the grant")) \
	X(R_APP_REPAY, CIVIC_E_INVALID_STATE, "application_repay", "status:s", \
	    N_("the application is {status}; money is paid back on a closed " \
	       "case, once its accounts are accepted")) \
	X(R_NOTHING_DUE, CIVIC_E_INVALID_STATE, "nothing_due", "status:s", \
	    N_("nothing is left to be paid back on this application")) \
	X(R_YEAR_CLOSED, CIVIC_E_INVALID_STATE, "year_closed", "year:n", \
	    N_("the fund year {year} is closed: what it granted and had " \
	       "left stays as it was when it closed")) \
	X(R_YEAR_NOT_OVER, CIVIC_E_INVALID_STATE, "year_not_over", "year:n", \
	    N_("the fund year {year} is not over; it can be closed from the " \
	       "first of January after it")) \
	X(R_EARLIER_OPEN, CIVIC_E_INVALID_STATE, "earlier_year_open", \
	    "year:n", \
	    N_("the fund year {year} is not closed yet; fund years close in " \
	       "order")) \
	X(R_YEAR_UNDECIDED, CIVIC_E_INVALID_STATE, "year_undecided", \
	    "year:n applications:l", \
	    N_("applications of {year} still wait for a decision: " \
	       "{applications}; decide them before the year closes")) \
	X(R_YEAR_UNSETTLED, CIVIC_E_INVALID_STATE, "year_unsettled", \
	    "year:n applications:l", \
	    N_("grants of {year} are not settled: {applications}; accept " \
	       "their accounts or revoke them, or carry them on past the " \
	       "closing with --carry")) \
	/* the meetings' rules */ \
	X(R_MEETING_EDIT, CIVIC_E_INVALID_STATE, "meeting_edit", "status:s", \
	    N_("the meeting is {status}; only a planned or scheduled meeting " \
	       "can be changed")) \
	X(R_MEETING_SCHEDULE, CIVIC_E_INVALID_STATE, "meeting_schedule", \
	    "status:s", \
	    N_("the meeting is {status}; only a planned meeting can be " \
	       "scheduled")) \
	X(R_MEETING_CANCEL, CIVIC_E_INVALID_STATE, "meeting_cancel", \
	    "status:s", \
	    N_("the meeting is {status}; only a planned or scheduled meeting " \
	       "can be cancelled")) \
	X(R_MEETING_CLOSE, CIVIC_E_INVALID_STATE, "meeting_close", "status:s", \
	    N_("the meeting is {status}; only a scheduled meeting can be " \
	       "closed")) \
	X(R_MEETING_REGISTER, CIVIC_E_INVALID_STATE, "meeting_register", \
	    "status:s", \
	    N_("the meeting is {status}; only a scheduled meeting takes " \
	       "registrations")) \
	X(R_LANGUAGE_NEEDED, CIVIC_E_INVALID_STATE, "language_needed", \
	    "language:s registrations:n", \
	    N_("{language} cannot be dropped: registrations not cancelled " \
	       "need it ({registrations}); change or cancel them first")) \
	X(R_KEEPS_TIMES, CIVIC_E_INVALID_STATE, "keeps_times", "status:s", \
	    N_("a scheduled meeting keeps its start and end")) \
	X(R_BELOW_CONFIRMED, CIVIC_E_INVALID_STATE, "below_confirmed", \
	    "status:s confirmed:n", \
	    N_("capacity less the seats held back would be below the seats " \
	       "already confirmed ({confirmed})")) \
	X(R_INCOMPLETE, CIVIC_E_INVALID_STATE, "incomplete", "status:s", \
	    N_("set its start, end and capacity first")) \
	X(R_NOT_OPENED, CIVIC_E_INVALID_STATE, "registration_not_open", \
	    "status:s opens:t", \
	    N_("registration has not opened (it opens {opens})")) \
	X(R_CLOSED, CIVIC_E_INVALID_STATE, "registration_closed", \
	    "status:s closed:t", \
	    N_("registration has closed (it closed {closed}); --force " \
	       "registers all the same")) \
	X(R_SCHEDULE_PAST, CIVIC_E_INVALID_STATE, "schedule_past", \
	    "status:s starts:t", \
	    N_("the meeting starts {starts}, in the past; --force schedules " \
	       "it all the same, to record one that was held")) \
	X(R_NOT_STARTED, CIVIC_E_INVALID_STATE, "not_started", \
	    "status:s starts:t", \
	    N_("the meeting starts {starts}; it can be closed once it has " \
	       "begun (cancel it if it will not be held)")) \
	X(R_ABOVE_PARTY, CIVIC_E_INVALID_PARAMETER, "above_party", \
	    "parameter:p max:n", \
	    N_("{parameter} must be at most {max}: the largest party this " \
	       "meeting takes")) \
	X(R_LANGUAGE_NOT_OFFERED, CIVIC_E_INVALID_PARAMETER, "not_offered", \
	    "parameter:p", \
	    N_("{parameter} is not among the interpretation languages this " \
	       "meeting offers")) \
	X(R_EMAIL_REGISTERED, CIVIC_E_CONFLICT, "email_registered", \
	    "meeting:n", \
	    N_("this e-mail address is already registered for meeting " \
	       "{meeting}")) \
	X(R_PHONE_REGISTERED, CIVIC_E_CONFLICT, "phone_registered", \
	    "meeting:n", \
	    N_("this phone number is already registered for meeting " \
	       "{meeting}")) \
	X(R_MEETING_FULL, CIVIC_E_MEETING_FULL, "", "free_seats:n seats:n", \
	    N_("the meeting is full: {free_seats} seats free, {seats} asked " \
	       "for")) \
	X(R_MEETING_FULL_RULE, CIVIC_E_MEETING_FULL, "rule", "", \
	    N_("the meeting has no seats left for that")) \
	X(R_REG_ERASED, CIVIC_E_INVALID_STATE, "registration_erased", "", \
	    N_("the registration's personal data was erased; it can be " \
	       "cancelled, not corrected")) \
	X(R_REG_CANCELLED, CIVIC_E_INVALID_STATE, "registration_cancelled", \
	    "", N_("the registration is already cancelled")) \
	X(R_REG_CHECKED_IN, CIVIC_E_INVALID_STATE, "registration_checked_in", \
	    "at:t", N_("the person has already checked in ({at})")) \
	X(R_CHECKIN_CANCELLED, CIVIC_E_INVALID_STATE, "checkin_cancelled", "", \
	    N_("the registration was cancelled; its ticket is no longer " \
	       "valid")) \
	X(R_CHECKIN_WAITING, CIVIC_E_INVALID_STATE, "checkin_waiting", "", \
	    N_("the registration is on the waiting list, not confirmed")) \
	X(R_CHECKIN_WRONG_MEETING, CIVIC_E_INVALID_STATE, \
	    "checkin_wrong_meeting", "", \
	    N_("the registration is for another meeting")) \
	X(R_CHECKIN_NOT_OPEN, CIVIC_E_INVALID_STATE, "checkin_not_open", \
	    "status:s", N_("the meeting is not open for check-in")) \
	X(R_CHECKIN_TOO_EARLY, CIVIC_E_INVALID_STATE, "checkin_too_early", \
	    "opens:t", \
	    N_("check-in has not opened yet (it opens {opens}); --force " \
	       "checks in all the same")) \
	X(R_CHECKIN_OVER, CIVIC_E_INVALID_STATE, "checkin_over", "closed:t", \
	    N_("check-in has closed (it closed {closed}); --force checks in " \
	       "all the same")) \
	X(R_ALREADY_CHECKED_IN, CIVIC_E_ALREADY_CHECKED_IN, "", \
	    "registration:n at:t", \
	    N_("registration {registration} was already checked in at {at}")) \
	X(R_TICKET_MALFORMED, CIVIC_E_TICKET_INVALID, "malformed", "", \
	    N_("this is not a ticket, or it is cut short")) \
	X(R_TICKET_SIGNATURE, CIVIC_E_TICKET_INVALID, "signature", "", \
	    N_("the ticket's signature does not match: it was altered, or " \
	       "made by another civicd")) \
	X(R_TICKET_WRONG_MEETING, CIVIC_E_TICKET_INVALID, "wrong_meeting", "", \
	    N_("the ticket is for another meeting"))

enum reason {
#define REASON_ENUM(id, err, code, figs, text) id,
	REASON_LIST(REASON_ENUM)
#undef REASON_ENUM
	    R__COUNT
};

struct reason_def {
	enum reason id;
	enum civic_err err;
	const char *code;    /* "" when the error has no other reason */
	const char *figures; /* "name:kind name:kind" */
	const char *text;    /* the sentence, with {name} for figures */
};

/* The table, R__COUNT entries, in enum order. */
extern const struct reason_def reason_table[];

/* The longest list of figures a reason has. */
#define REASON_MAXFIG 4

/* One figure's value: n for the kinds m t d n r, s for p s, l for l. */
struct fig {
	int64_t n;
	const char *s;
	const char *const *l; /* NULL terminated */
};

/* A refusal: its reason and its figures, in the order the spec names them.
 * Strings are borrowed: they must outlive the refusal's rendering. */
struct refusal {
	enum reason reason;
	size_t nfig;
	struct fig fig[REASON_MAXFIG];
};

#define FN(x) ((struct fig){ .n = (int64_t)(x) })
#define FS(x) ((struct fig){ .s = (x) })
#define FL(x) ((struct fig){ .l = (x) })

/* Sets r to reason id with figures f[0..n). */
void refusal_set(struct refusal *r, enum reason id, const struct fig *f,
    size_t n);

/* REFUSE(r, R_X, FN(amount), FS(param)): the figures in spec order. */
#define REFUSE(r, id, ...) \
	refusal_set((r), (id), (const struct fig[]){ __VA_ARGS__ }, \
	    sizeof((const struct fig[]){ __VA_ARGS__ }) / sizeof(struct fig))
#define REFUSE0(r, id) refusal_set((r), (id), NULL, 0)

/* For a store's refusal struct with has_why and why: sets both. */
#define REFUSE_WHY(r, ...) \
	do { \
		(r)->has_why = true; \
		REFUSE(&(r)->why, __VA_ARGS__); \
	} while (0)
#define REFUSE_WHY0(r, id) \
	do { \
		(r)->has_why = true; \
		REFUSE0(&(r)->why, id); \
	} while (0)

/* The error a reason is sent as. */
enum civic_err reason_err(enum reason id);

/*
 * The wire parameters of r: "reason" (its code, unless ""), then each
 * figure under its name in its wire form. NULL only if out of memory.
 */
json_t *refusal_params(const struct refusal *r);

/*
 * Finds the reason an error reply stands for: its error name and, when
 * the name has several reasons, params' "reason". NULL if none matches
 * (an error from another program, or a newer civicd).
 */
const struct reason_def *reason_find(const char *error, const json_t *params);

/*
 * Steps through a figures spec: at *p, copies the next figure's name into
 * name (size len) and returns its kind letter, advancing *p; 0 at the end.
 */
char reason_next_figure(const char **p, char *name, size_t len);

/* The role names of the ROLE_* bits, in bit order ("admin", ...). */
extern const char *const reason_role_names[];

#endif
