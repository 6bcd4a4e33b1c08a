#!/bin/bash
# Refusals are data: each reason of common/reason.h that the other
# scripts do not reach is produced here over raw varlink frames, and each
# comes back as its error, its code and its figures, never a sentence, and
# changes nothing. reasons.py then proves that every reason was produced.
. "$(dirname "$0")/lib.sh"

start_daemon || exit 1
YEAR=$(TZ=Europe/Copenhagen date +%Y)
TODAY=$(TZ=Europe/Copenhagen date +%F)
YESTERDAY=$(TZ=Europe/Copenhagen date -d yesterday +%F)

# call [-t TOKEN | -r TOKEN] METHOD PARAMS: one call as root (admin);
# with -t as the applicant's own user, authenticated with TOKEN; with -r
# as root holding TOKEN. Prints the last reply.
call() {
	local frames=() who=root
	if [ "$1" = -t ] || [ "$1" = -r ]; then
		[ "$1" = -t ] && who=applicant
		frames+=("{\"method\":\"dk.civic.core.Authenticate\",\"parameters\":{\"token\":\"$2\"}}")
		shift 2
	fi
	frames+=("{\"method\":\"$1\",\"parameters\":$2}")
	if [ "$who" = applicant ]; then
		raw_as "$U_PLAIN" "$G_SOCKET" "${frames[@]}" | tail -1
	else
		raw "${frames[@]}" | tail -1
	fi
}

# refusal DESC ERROR CODE FIGURES CALL-ARGS...: the call is refused with
# ERROR and reason CODE ("-" for none), its parameters without "reason"
# are FIGURES (a jq -c object, or "*" to skip), and nothing changed.
refusal() {
	local desc=$1 error=$2 code=$3 figures=$4 before r
	shift 4
	before=$(dbsum)
	r=$(call "$@")
	expect_eq "$desc: $error" "$(printf '%s' "$r" | jq -r .error)" "$error"
	expect_eq "$desc: reason $code" \
	    "$(printf '%s' "$r" | jq -r '.parameters.reason // "-"')" "$code"
	[ "$figures" = "*" ] ||
		expect_eq "$desc: its figures" \
		    "$(printf '%s' "$r" | jq -c '.parameters | del(.reason)')" "$figures"
	expect_eq "$desc: nothing changed" "$(dbsum)" "$before"
}

IP=org.varlink.service.InvalidParameter
IS=dk.civic.core.InvalidState

# --- the protocol ---
r=$(raw '{"method":"dk.civic.core.Whoami","more":1}')
expect_eq "more must be a boolean" "$(printf '%s' "$r" | jq -c .parameters)" '{"reason":"flag_type"}'
r=$(raw '{"parameters":{}}')
expect_eq "a call needs a method" "$(printf '%s' "$r" | jq -c .parameters)" '{"reason":"no_method"}'
r=$(raw '{"method":"dk.civic.core.Whoami","parameters":[]}')
expect_eq "parameters must be an object" "$(printf '%s' "$r" | jq -c .parameters)" '{"reason":"parameters_type"}'

# --- tokens ---
refusal "a malformed token" dk.civic.core.AuthenticationFailed malformed '{}' \
    dk.civic.core.Authenticate '{"token":"nope"}'
TOKEN=$(call dk.civic.applicants.Add '{"kind":"association","name":"Røde Kors Ballerup","cvr":"12345674","email":"rk@example.org"}' | jq -r .parameters.token)
APPLICANT=$(call -t "$TOKEN" dk.civic.applicants.Me '{}' | jq .parameters.applicant.id)
OTHER=$(call dk.civic.applicants.Add '{"kind":"association","name":"Venligboerne"}' | jq -r .parameters.applicant.id)
# Revoked while the connection holds it: the next call says so.
(printf '%s\0' "{\"method\":\"dk.civic.core.Authenticate\",\"parameters\":{\"token\":\"$TOKEN\"}}"
	sleep 0.6
	printf '%s\0' '{"method":"dk.civic.applicants.Me"}'
	sleep 0.3) | as "$U_PLAIN" "$G_SOCKET" socat -t 5 - "UNIX-CONNECT:$SOCK" |
    tr '\0' '\n' | tail -1 >"$T/revoked" &
held=$!
sleep 0.3
NEW=$(call dk.civic.applicants.Rotate "{\"id\":$APPLICANT}" | jq -r .parameters.token)
wait "$held"
expect_eq "a token revoked under an open connection" \
    "$(jq -c '[.error, .parameters]' "$T/revoked")" \
    '["dk.civic.core.AuthenticationFailed",{"reason":"revoked"}]'
TOKEN=$NEW

# --- a field's type, size and form ---
refusal "a required field" $IP required '{"parameter":"name"}' dk.civic.applicants.Add '{"kind":"association"}'
refusal "a number for text" $IP not_string '{"parameter":"name"}' dk.civic.applicants.Add '{"kind":"association","name":5}'
refusal "a control character" $IP control '{"parameter":"name"}' dk.civic.applicants.Add '{"kind":"association","name":"a\u0001b"}'
refusal "a control character in a text of lines" $IP control_multiline '{"parameter":"address"}' \
    dk.civic.applicants.Add '{"kind":"association","name":"X","address":"a\u0001"}'
refusal "a right-to-left override in a name" $IP format '{"parameter":"name"}' \
    dk.civic.applicants.Add '{"kind":"association","name":"Ali\u202eredlof"}'
refusal "an empty name" $IP empty '{"parameter":"name"}' dk.civic.applicants.Add '{"kind":"association","name":""}'
refusal "too short" $IP too_short '{"parameter":"email","min":3}' dk.civic.privacy.Export '{"email":"a@"}'
long=$(printf 'x%.0s' $(seq 1 201))
refusal "too long" $IP too_long '{"parameter":"name","max":200}' dk.civic.applicants.Add "{\"kind\":\"association\",\"name\":\"$long\"}"
refusal "text for a number" $IP not_integer '{"parameter":"id"}' dk.civic.applicants.Show '{"id":"1"}'
refusal "out of range" $IP out_of_range "*" dk.civic.applicants.Show '{"id":0}'
refusal "a status no one has" $IP not_one_of \
    '{"parameter":"status","allowed":["draft","submitted","awaiting_information","approved","rejected","withdrawn","partly_paid","paid","closed","revoked"]}' \
    dk.civic.fund.ListApplications '{"status":"bogus"}'
refusal "a number for a boolean" $IP not_bool '{"parameter":"include_disabled"}' dk.civic.applicants.List '{"include_disabled":1}'
refusal "not a time" $IP not_time '{"parameter":"starts"}' dk.civic.meetings.Create '{"title":"T","capacity":5,"starts":"tomorrow"}'
refusal "not a list" $IP not_array '{"parameter":"languages"}' dk.civic.meetings.Create '{"title":"T","capacity":5,"languages":"arabisk"}'
refusal "a language twice" $IP twice '{"parameter":"languages[1]"}' dk.civic.meetings.Create '{"title":"T","capacity":5,"languages":["arabisk","arabisk"]}'
refusal "an empty language" $IP not_language '{"parameter":"languages[0]"}' dk.civic.meetings.Create '{"title":"T","capacity":5,"languages":[""]}'
refusal "an end before the start" $IP not_after '{"parameter":"ends","other":"starts"}' \
    dk.civic.meetings.Create '{"title":"T","capacity":5,"starts":"2030-05-02T17:00:00Z","ends":"2030-05-02T16:00:00Z"}'
refusal "a start without an end" $IP start_and_end '{"parameter":"ends"}' \
    dk.civic.meetings.Create '{"title":"T","capacity":5,"starts":"2030-05-02T17:00:00Z"}'
refusal "more held back than there are seats" $IP above_capacity '{"parameter":"held_back"}' \
    dk.civic.meetings.Create '{"title":"T","capacity":5,"held_back":6}'
refusal "a CVR number for a citizen" $IP cvr_citizen '{"parameter":"cvr"}' \
    dk.civic.applicants.Add '{"name":"Bo","kind":"citizen","cvr":"12345674","email":"bo@example.org"}'
refusal "a citizen without contact" $IP citizen_contact '{"parameter":"email"}' \
    dk.civic.applicants.Add '{"name":"Bo","kind":"citizen"}'
refusal "not a phone number" $IP not_phone '{"parameter":"phone"}' dk.civic.applicants.Add '{"kind":"association","name":"X","phone":"12"}'
refusal "a person named by nothing" $IP person_contact '{"parameter":"email"}' dk.civic.privacy.Export '{}'
refusal "a checkpoint that is not hex" $IP not_hex '{"parameter":"checkpoint.head","digits":64}' dk.civic.audit.Verify \
    "{\"checkpoint\":{\"count\":1,\"head\":\"$(printf 'z%.0s' $(seq 1 64))\",\"at\":\"2026-01-01T00:00:00Z\",\"key\":\"$(printf '0%.0s' $(seq 1 64))\",\"signature\":\"$(printf '0%.0s' $(seq 1 128))\"}}"
refusal "a CVR number taken" dk.civic.core.Conflict cvr_taken "{\"cvr\":\"12345674\",\"applicant\":$APPLICANT}" \
    dk.civic.applicants.Add '{"kind":"association","name":"Røde Kors igen","cvr":"12345674"}'
call dk.civic.applicants.Disable "{\"id\":$OTHER}" >/dev/null
refusal "a disabled applicant gets no token" $IS applicant_disabled '{}' \
    dk.civic.applicants.Rotate "{\"id\":$OTHER}"
r=$(raw_as "$U_PLAIN" "$G_SOCKET" '{"method":"dk.civic.meetings.List","parameters":{"all":true}}')
expect_eq "every meeting is for staff" "$(printf '%s' "$r" | jq -c .parameters)" '{"reason":"staff_only","parameter":"all"}'

# --- the fund ---
draft() {
	call -t "$TOKEN" dk.civic.fund.CreateApplication "{\"title\":\"T\",\"description\":\"D\",\"integration\":\"I\",\"target_group\":\"G\",\"participants\":5,\"start_date\":\"2030-01-01\",\"end_date\":\"2030-02-01\",\"requested\":\"$1\",\"lines\":[{\"item\":\"A\",\"amount\":\"$1\"}]}" | jq .parameters.application.id
}
submitted() {
	local id
	id=$(draft "$1")
	call -t "$TOKEN" dk.civic.fund.SubmitApplication "{\"id\":$id}" >/dev/null
	echo "$id"
}
approved() {
	local id
	id=$(submitted "$1")
	call dk.civic.fund.Approve "{\"id\":$id,\"amount\":\"$1\",\"committee_ref\":\"KFU\"}" >/dev/null
	echo "$id"
}
S=$(submitted 5000.00)
# An admin party to the case: holding its applicant's token, or having
# submitted it as its applicant; a conflict a colleague recorded.
refusal "an admin holding the applicant's token" dk.civic.fund.ConflictOfInterest own_token \
    "{\"id\":$S,\"applicant\":$APPLICANT}" \
    -r "$TOKEN" dk.civic.fund.Approve "{\"id\":$S,\"amount\":\"100.00\",\"committee_ref\":\"K\"}"
OWN=$(call -r "$TOKEN" dk.civic.fund.CreateApplication "{\"title\":\"T\",\"description\":\"D\",\"integration\":\"I\",\"target_group\":\"G\",\"participants\":5,\"start_date\":\"2030-01-01\",\"end_date\":\"2030-02-01\",\"lines\":[{\"item\":\"A\",\"amount\":\"100.00\"}]}" | jq .parameters.application.id)
call -r "$TOKEN" dk.civic.fund.SubmitApplication "{\"id\":$OWN}" >/dev/null
refusal "an admin who submitted it as its applicant" dk.civic.fund.ConflictOfInterest submitted \
    "{\"id\":$OWN}" dk.civic.fund.Reject "{\"id\":$OWN,\"reason\":\"nej\"}"
expect_match "and civicd logs the attempt" "$(cat "$LOG")" \
    "uid 0 may not act on application $OWN \(submitted, dk.civic.fund.Reject\): refused"
call dk.civic.fund.DeclareConflict "{\"id\":$S,\"uid\":$U_ADMIN,\"reason\":\"bestyrelse\"}" >/dev/null
before=$(dbsum)
r=$(raw_as "$U_ADMIN" "$G_SOCKET,$G_ADMIN" "{\"method\":\"dk.civic.fund.Approve\",\"parameters\":{\"id\":$S,\"amount\":\"100.00\",\"committee_ref\":\"K\"}}")
expect_eq "a conflict a colleague recorded refuses that admin" \
    "$(printf '%s' "$r" | jq -c '[.error, .parameters]')" \
    "[\"dk.civic.fund.ConflictOfInterest\",{\"reason\":\"declared\",\"id\":$S}]"
expect_eq "and changes nothing" "$(dbsum)" "$before"
refusal "a decision before the submission" $IP before_submission "{\"parameter\":\"decision_date\",\"submitted\":\"$TODAY\"}" \
    dk.civic.fund.Approve "{\"id\":$S,\"amount\":\"100.00\",\"committee_ref\":\"K\",\"decision_date\":\"$YESTERDAY\"}"
refusal "a payment before approval" $IS application_pay '{"status":"submitted"}' \
    dk.civic.fund.RecordPayment "{\"id\":$S,\"amount\":\"100.00\",\"reference\":\"B1\"}"
A=$(approved 5000.00)
refusal "submitting a granted application" $IS application_submit '{"status":"approved"}' \
    -t "$TOKEN" dk.civic.fund.SubmitApplication "{\"id\":$A}"
refusal "a payment before the decision" $IP before_decision "{\"parameter\":\"paid_on\",\"decided\":\"$TODAY\"}" \
    dk.civic.fund.RecordPayment "{\"id\":$A,\"amount\":\"100.00\",\"reference\":\"B1\",\"paid_on\":\"$YESTERDAY\"}"
refusal "accounts before any payment" $IS application_accounts '{"status":"approved"}' \
    -t "$TOKEN" dk.civic.fund.SubmitAccounts "{\"id\":$A,\"lines\":[{\"line\":1,\"actual\":\"10.00\"}],\"participants\":3,\"report\":\"R\"}"
call dk.civic.fund.RecordPayment "{\"id\":$A,\"amount\":\"1000.00\",\"reference\":\"B2\"}" >/dev/null
refusal "accepting accounts never submitted" $IS no_accounts '{"status":"paid"}' \
    dk.civic.fund.AcceptAccounts "{\"id\":$A}"
refusal "a budget line given twice" $IP line_twice '{"parameter":"lines","line":1}' \
    -t "$TOKEN" dk.civic.fund.SubmitAccounts "{\"id\":$A,\"lines\":[{\"line\":1,\"actual\":\"10.00\"},{\"line\":1,\"actual\":\"10.00\"}],\"participants\":3,\"report\":\"R\"}"
refusal "accounts without lines" $IP too_few '{"parameter":"lines","min":1}' \
    -t "$TOKEN" dk.civic.fund.SubmitAccounts "{\"id\":$A,\"lines\":[],\"participants\":3,\"report\":\"R\"}"
refusal "a line that is not an object" $IP not_object '{"parameter":"lines[0]."}' \
    -t "$TOKEN" dk.civic.fund.SubmitAccounts "{\"id\":$A,\"lines\":[5],\"participants\":3,\"report\":\"R\"}"
accounts="{\"id\":$A,\"lines\":[{\"line\":1,\"actual\":\"5000.00\"}],\"participants\":3,\"report\":\"R\"}"
call -t "$TOKEN" dk.civic.fund.SubmitAccounts "$accounts" >/dev/null
refusal "accounts submitted twice" $IS accounts_waiting '{"status":"paid"}' \
    -t "$TOKEN" dk.civic.fund.SubmitAccounts "$accounts"
refusal "accepting while the grant is not all paid" $IS unpaid_rest '{"status":"paid","unpaid":"4000.00"}' \
    dk.civic.fund.AcceptAccounts "{\"id\":$A}"
call dk.civic.fund.ReturnAccounts "{\"id\":$A,\"reason\":\"Mangler bilag\"}" >/dev/null
refusal "accepting accounts sent back" $IS accounts_returned '{"status":"paid"}' \
    dk.civic.fund.AcceptAccounts "{\"id\":$A}"
# Carry-over: last year hands its unspent money on, and this year has
# granted more than its own budget; turning that off is refused.
call dk.civic.fund.SetYear "{\"year\":$((YEAR - 1)),\"carry_over\":true}" >/dev/null
call dk.civic.fund.SetYear "{\"year\":$YEAR,\"budget\":\"7000.00\"}" >/dev/null
approved 3000.00 >/dev/null
refusal "carry-over already spent" $IP carry_over_used "{\"parameter\":\"carry_over\",\"year\":$((YEAR - 1)),\"next\":$YEAR}" \
    dk.civic.fund.SetYear "{\"year\":$((YEAR - 1)),\"carry_over\":false}"

# --- meetings ---
meeting() { call dk.civic.meetings.Create "$1" | jq .parameters.meeting.id; }
M=$(meeting '{"title":"Mange ældre – mange kulturer","capacity":20,"starts":"2030-05-02T15:30:00Z","ends":"2030-05-02T17:30:00Z"}')
refusal "closing a planned meeting" $IS meeting_close '{"status":"planned"}' \
    dk.civic.meetings.Close "{\"id\":$M,\"head_count\":3}"
call dk.civic.meetings.Schedule "{\"id\":$M}" >/dev/null
refusal "a scheduled meeting loses its times" $IS keeps_times '{"status":"scheduled"}' \
    dk.civic.meetings.Edit "{\"id\":$M,\"starts\":null,\"ends\":null}"
refusal "a check-in by nothing" $IP exactly_one '{"parameter":"code"}' dk.civic.meetings.CheckIn "{\"meeting\":$M}"
refusal "too many needs" $IP too_many '{"parameter":"needs","max":8}' dk.civic.meetings.Register \
    "{\"meeting\":$M,\"name\":\"A\",\"phone\":\"12345678\",\"needs\":[\"other\",\"other\",\"other\",\"other\",\"other\",\"other\",\"other\",\"other\",\"other\"]}"
R=$(call dk.civic.meetings.Register "{\"meeting\":$M,\"name\":\"Amal\",\"phone\":\"12345678\"}" | jq .parameters.registration.id)
refusal "a phone number registered twice" dk.civic.core.Conflict phone_registered "{\"meeting\":$M}" \
    dk.civic.meetings.Register "{\"meeting\":$M,\"name\":\"Amal igen\",\"phone\":\"12345678\"}"
TICKET=$(call dk.civic.meetings.ShowRegistration "{\"id\":$R}" | jq -r .parameters.registration.ticket)
M2=$(meeting '{"title":"Andet møde","capacity":20,"starts":"2030-11-02T15:30:00Z","ends":"2030-11-02T17:30:00Z"}')
call dk.civic.meetings.Schedule "{\"id\":$M2}" >/dev/null
refusal "a registration for another meeting" $IS checkin_wrong_meeting '{}' \
    dk.civic.meetings.CheckIn "{\"meeting\":$M2,\"registration\":$R}"
refusal "a ticket for another meeting" dk.civic.meetings.TicketInvalid wrong_meeting '{}' \
    dk.civic.meetings.CheckIn "{\"meeting\":$M2,\"ticket\":\"$TICKET\"}"
refusal "something that is no ticket" dk.civic.meetings.TicketInvalid malformed '{}' \
    dk.civic.meetings.CheckIn "{\"meeting\":$M2,\"ticket\":\"civic-ticket-garbage\"}"
refusal "a check-in before the door opens" $IS checkin_too_early '{"opens":"2030-05-02T13:30:00Z"}' \
    dk.civic.meetings.CheckIn "{\"meeting\":$M,\"registration\":$R}"
refusal "closing a meeting before it began" $IS not_started '{"status":"scheduled","starts":"2030-05-02T15:30:00Z"}' \
    dk.civic.meetings.Close "{\"id\":$M,\"head_count\":3}"
call dk.civic.meetings.CheckIn "{\"meeting\":$M,\"registration\":$R,\"force\":true}" >/dev/null
AT=$(call dk.civic.meetings.ShowRegistration "{\"id\":$R}" | jq -r .parameters.registration.checked_in)
refusal "cancelling after check-in" $IS registration_checked_in "{\"at\":\"$AT\"}" \
    dk.civic.meetings.CancelRegistration "{\"id\":$R}"
call dk.civic.meetings.Cancel "{\"id\":$M2,\"reason\":\"Flyttet\"}" >/dev/null
refusal "changing a cancelled meeting" $IS meeting_edit '{"status":"cancelled"}' \
    dk.civic.meetings.Edit "{\"id\":$M2,\"title\":\"T\"}"
M3=$(meeting '{"title":"Senere","capacity":20,"starts":"2030-06-02T15:30:00Z","ends":"2030-06-02T17:30:00Z","registration_opens":"2030-04-01T06:00:00Z"}')
call dk.civic.meetings.Schedule "{\"id\":$M3}" >/dev/null
refusal "registration not yet open" $IS registration_not_open '{"status":"scheduled","opens":"2030-04-01T06:00:00Z"}' \
    dk.civic.meetings.Register "{\"meeting\":$M3,\"name\":\"A\",\"phone\":\"87654321\"}"
M4=$(meeting '{"title":"Lukket","capacity":20,"starts":"2030-06-02T15:30:00Z","ends":"2030-06-02T17:30:00Z","registration_closes":"2020-04-01T06:00:00Z"}')
call dk.civic.meetings.Schedule "{\"id\":$M4}" >/dev/null
refusal "registration closed" $IS registration_closed '{"status":"scheduled","closed":"2020-04-01T06:00:00Z"}' \
    dk.civic.meetings.Register "{\"meeting\":$M4,\"name\":\"A\",\"phone\":\"87654321\"}"

# A meeting that was held, entered afterwards: each step refused first.
refusal "a meeting planned in the past" $IP starts_past '{"parameter":"starts"}' \
    dk.civic.meetings.Create '{"title":"Holdt","capacity":20,"starts":"2020-05-02T15:30:00Z","ends":"2020-05-02T17:30:00Z"}'
M5=$(call dk.civic.meetings.Create '{"title":"Holdt","capacity":20,"starts":"2020-05-02T15:30:00Z","ends":"2020-05-02T17:30:00Z","force":true}' | jq .parameters.meeting.id)
refusal "scheduling it" $IS schedule_past '{"status":"planned","starts":"2020-05-02T15:30:00Z"}' \
    dk.civic.meetings.Schedule "{\"id\":$M5}"
call dk.civic.meetings.Schedule "{\"id\":$M5,\"force\":true}" >/dev/null
R5=$(call dk.civic.meetings.Register "{\"meeting\":$M5,\"name\":\"A\",\"phone\":\"87654321\",\"force\":true}" | jq .parameters.registration.id)
refusal "a check-in after the door closed" $IS checkin_over '{"closed":"2020-05-02T18:30:00Z"}' \
    dk.civic.meetings.CheckIn "{\"meeting\":$M5,\"registration\":$R5}"

# What civic prints for a refusal: Danish amounts, local times, options.
expect_status "the client renders a refusal" 1 env CIVIC_TOKEN= "$CIVIC" register --name A --phone 87654321 "$M3"
expect_match "with the time in Copenhagen" "$(err)" "registration has not opened \(it opens 01\.04\.2030 08:00\)"

stop_daemon
done_testing
