#!/bin/bash
# Citizen meetings through the real client: every status transition and
# refusal, registration with capacity and a waiting list, signed tickets
# checked offline and at the door, check-in by code, ticket and number,
# walk-ins, the door list, the calendar export, and who may see what.
. "$(dirname "$0")/lib.sh"

if [ "${CIVIC_TEST_CLOCK_BUILD:-0}" != 1 ]; then
	echo "1..0 # SKIP civicd was built without -Dtest-clock=true (the door opens on its clock)"
	exit 0
fi
# The clock is the real one until the test moves it to the door.
export CIVIC_TEST_CLOCK=$T/clock
start_daemon || exit 1
coord() { as "$U_COORD" "$G_SOCKET,$G_COORD" "$CIVIC" "$@"; }
plain() { as "$U_PLAIN" "$G_SOCKET" "$CIVIC" "$@"; }
refused() {
	local desc=$1 want=$2 before
	shift 2
	before=$(dbsum)
	expect_status "$desc" "$want" "$@"
	expect_eq "$desc: nothing changed" "$(dbsum)" "$before"
}
reg_id() { out | jq .registration.id; }

expect_status "a coordinator plans a meeting" 0 coord --json meeting create \
    --title "Mange ældre – mange kulturer" --venue "Ballerup Rådhus" \
    --start "2.5.2030 17:30" --end 19:30 --capacity 6 --held-back 1 \
    --party-max 3 --language arabisk --language somali
M=$(out | jq .meeting.id)
expect_eq "planned, in Copenhagen summer time" \
    "$(out | jq -c '[.meeting.status, .meeting.starts, .meeting.ends]')" \
    '["planned","2030-05-02T15:30:00Z","2030-05-02T17:30:00Z"]'
expect_status "a planned meeting is not listed for the public" 0 plain meeting list
expect_eq "the list is empty" "$(out)" "No upcoming meetings."
refused "nobody registers for a planned meeting" 1 coord register --name A --email a@x.dk "$M"
expect_match "the status is named" "$(err)" "the meeting is planned; only a scheduled meeting takes registrations"
expect_status "a coordinator schedules it" 0 coord meeting schedule "$M"
refused "a plain user cannot schedule or register" 1 plain register --name A --email a@x.dk "$M"
expect_status "anyone may list it" 0 plain --json meeting list
expect_eq "with its free seats: 6 less 1 held back" "$(out | jq '.meetings[0].free_seats')" 5
expect_eq "and nothing else" "$(out | jq -c '.meetings[0] | keys')" \
    '["description","ends","free_seats","id","languages","sequence","starts","status","title","uid","venue","waiting_list"]'
refused "a plain user may not see the details" 1 plain meeting show "$M"

# --- registration ---
expect_status "register Fatima, two seats, Arabic, wheelchair" 0 coord --json register \
    --name "Fatima Ali" --email FATIMA@Example.org --seats 2 --language arabisk --need wheelchair "$M"
FATIMA=$(reg_id)
expect_eq "confirmed with an 8-character code and a ticket" \
    "$(out | jq -c '[.registration.status, (.registration.code | length), (.registration.ticket | startswith("CT1."))]')" \
    '["confirmed",8,true]'
expect_eq "the address is kept in lower case" "$(out | jq -r .registration.email)" "fatima@example.org"
refused "the same e-mail twice, in any case" 1 coord register --name X --email fatima@EXAMPLE.org "$M"
expect_match "is refused" "$(err)" "this e-mail address is already registered for meeting $M"
refused "a person needs an e-mail or a phone" 1 coord register --name X "$M"
expect_match "unless a walk-in" "$(err)" "only walk-ins may have neither"
refused "a party above the limit" 1 coord register --name X --email x@x.dk --seats 4 "$M"
refused "a language the meeting does not offer" 1 coord register --name X --email x@x.dk --language tysk "$M"
expect_match "is named" "$(err)" "--language is not among the interpretation languages"
refused "an unknown kind of need is a usage error" 2 coord register --name X --email x@x.dk --need jetpack "$M"
expect_match "that lists the kinds the IDL declares" "$(err)" "is not one of wheelchair, hearing, sight, mobility, other"
r=$(raw '{"method":"dk.civic.meetings.Register","parameters":{"meeting":'"$M"',"name":"X","email":"x@x.dk","needs":["jetpack"]}}')
expect_eq "civicd refuses it too" "$(printf '%s' "$r" | jq -c '[.error, .parameters.reason, .parameters.parameter]')" \
    '["org.varlink.service.InvalidParameter","not_one_of","needs[0]"]'
refused "a CPR number in a note" 1 coord register --name X --email x@x.dk --note "cpr 0101701234" "$M"

coord register --name "Bo Jensen" --phone "44 77 00 01" --seats 2 "$M" >/dev/null
coord register --name "Carl Holm" --email carl@x.dk "$M" >/dev/null
expect_status "full: the next goes on the waiting list" 0 coord --json register \
    --name "Dina Mahmoud" --email dina@x.dk --seats 3 --language somali "$M"
DINA=$(reg_id)
expect_eq "as number 1, without a code or ticket" \
    "$(out | jq -c '[.registration.status, .registration.position, .registration.code, .registration.ticket]')" \
    '["waiting",1,null,null]'
coord --json register --name "Emil Berg" --email emil@x.dk "$M" >"$T/out"
EMIL=$(reg_id)
expect_eq "the next one is number 2" "$(out | jq .registration.position)" 2
expect_eq "the door list numbers the waiting list as each registration does" \
    "$(coord --json meeting door-list "$M" |
        jq -c '[.registrations[] | select(.status == "waiting") | [.id, .position]] | sort')" \
    "[[$DINA,1],[$EMIL,2]]"

# Cancelling Fatima frees 2 seats: Dina (3) does not fit, Emil (1) does.
expect_status "cancel Fatima" 0 coord --json registration cancel --reason "syg" "$FATIMA"
expect_eq "one registration moved up" "$(out | jq .promoted)" 1
expect_eq "named, with how to reach them" "$(out | jq -c '[.moved_up[] | [.id, .name, .email, .seats]]')" \
    "[[$EMIL,\"Emil Berg\",\"emil@x.dk\",1]]"
expect_eq "Emil, the earliest that fits, is confirmed" \
    "$(coord --json registration show "$EMIL" | jq -r .registration.status)" confirmed
expect_eq "Dina keeps her place" \
    "$(coord --json registration show "$DINA" | jq -c '[.registration.status, .registration.position]')" \
    '["waiting",1]'
expect_eq "the promotion is recorded with its reason" \
    "$(sqlite3 "$DB" "SELECT reason FROM promotion WHERE registration_id = $EMIL")" \
    "2 seats freed by cancelling registration $FATIMA"
refused "cancel twice" 1 coord registration cancel "$FATIMA"

# --- tickets, offline ---
KEY=$(plain meeting pubkey)
echo "$KEY" >"$T/key"
TKT=$(coord --json registration show "$EMIL" | jq -r .registration.ticket)
FTKT=$(sqlite3 "$DB" "SELECT 1" >/dev/null; coord --json registration show "$FATIMA" | jq -r .registration.ticket)
expect_eq "a cancelled registration shows no ticket" "$FTKT" null
expect_status "a ticket verifies offline with the key" 0 "$CIVIC" -s /nonexistent ticket verify --key "$KEY" --meeting "$M" "$TKT"
expect_match "and says what it admits" "$(out)" "Valid ticket: meeting $M, registration $EMIL, 1 seat"
expect_status "the key may come from a file" 0 "$CIVIC" ticket verify --key "$T/key" "$TKT"
expect_status "not for another meeting" 1 "$CIVIC" ticket verify --key "$KEY" --meeting 99 "$TKT"
expect_match "which it says" "$(err)" "a ticket for another meeting"
bad=$(printf '%s' "$TKT" | sed 's/\(.\{20\}\)./\1A/;s/\(.\{20\}\)A\(.*\)/\1B\2/')
[ "$bad" = "$TKT" ] && bad="${TKT%?}A"
expect_status "a tampered ticket fails" 1 "$CIVIC" ticket verify --key "$KEY" "$bad"
coord meeting export --revoked "$M" >"$T/revoked"
expect_eq "the revocation list holds Fatima" "$(cat "$T/revoked")" "$FATIMA"
echo "$EMIL" >>"$T/revoked"
expect_status "a revoked ticket fails offline" 1 "$CIVIC" ticket verify --key "$KEY" --revoked "$T/revoked" "$TKT"
expect_match "saying so" "$(err)" "the registration was cancelled"

# --- at the door, ten minutes before the start ---
echo "$(date -d 2030-05-02T15:20:00Z +%s)" >"$CIVIC_TEST_CLOCK"
BO=$(coord --json meeting door-list "$M" | jq '.registrations[] | select(.name == "Bo Jensen") | .id')
BOCODE=$(coord --json registration show "$BO" | jq -r .registration.code | tr A-Z a-z | sed 's/\(....\)/\1 /')
expect_status "check in by the code read aloud, any case, with a space" 0 coord checkin "$M" "$BOCODE"
expect_match "welcomes by name" "$(out)" "Welcome, Bo Jensen: 2 seats"
expect_status "check in by ticket" 0 coord checkin "$M" "$TKT"
expect_status "a second check-in is refused" 1 coord checkin "$M" "$TKT"
expect_match "with the time of the first" "$(err)" "registration $EMIL was already checked in at [0-9]{2}\.[0-9]{2}\.[0-9]{4} [0-9]{2}:[0-9]{2}"
CARL=$(coord --json meeting door-list "$M" | jq '.registrations[] | select(.name == "Carl Holm") | .id')
expect_status "check in by registration number" 0 coord checkin --registration "$CARL" "$M"
expect_status "an unknown code" 1 coord checkin "$M" ZZZZ2222
expect_match "is refused" "$(err)" "there is no code ZZZZ2222"
expect_status "a tampered ticket" 1 coord checkin "$M" "$bad"
expect_match "is refused" "$(err)" "signature does not match|not a civic ticket"
expect_status "someone on the waiting list" 1 coord checkin --registration "$DINA" "$M"
expect_match "is not let in" "$(err)" "on the waiting list, not confirmed"
expect_status "a cancelled registration" 1 coord checkin --registration "$FATIMA" "$M"
expect_match "is refused" "$(err)" "was cancelled"
expect_eq "every refused check-in is recorded with its reason" \
    "$(sqlite3 "$DB" "SELECT group_concat(reason, ', ') FROM (SELECT reason FROM checkin_failure ORDER BY id)")" \
    "already checked in, unknown code, bad signature, waiting, cancelled"

# --- walk-ins ---
expect_status "a walk-in for more seats than are free is refused" 1 coord register --walk-in --seats 2 --name "Gorm" "$M"
expect_match "with the free seats" "$(err)" "the meeting is full: 1 seats free, 2 asked for"
expect_status "with --force it is let in" 0 coord register --walk-in --force --seats 2 --name "Gorm" "$M"
expect_match "and checked in at once" "$(out)" "Registered and checked in"
refused "force is only for a walk-in, or once registration has closed" 1 coord register --force --name H --email h@x.dk "$M"

# --- the picture ---
expect_status "meeting show" 0 coord --json meeting show "$M"
expect_eq "counts: confirmed seats, waiting, checked in, walk-ins, forced, cancelled" \
    "$(out | jq -c '.counts | [.confirmed_seats, .waiting, .checked_in, .walk_ins, .forced, .cancelled, .no_shows]')" \
    '[6,1,4,1,1,1,0]'
expect_eq "interpretation per language" "$(out | jq -c '[.counts.languages[] | [.name, .seats]]')" '[]'
counts=$(out | jq -c '.counts | [.confirmed, .waiting, .cancelled, .checked_in]')
expect_status "the coordinator's list of everyone" 0 coord --json registration list "$M"
expect_eq "agrees with the counts: confirmed, waiting, cancelled, checked in" \
    "$(out | jq -c '[.registrations | map(select(.status == "confirmed")), map(select(.status == "waiting")), map(select(.status == "cancelled")), map(select(.checked_in != null)) | length]')" \
    "$counts"
expect_eq "the confirmed by name, then the waiting list, then the cancelled" \
    "$(out | jq -c '[.registrations[] | .status] | [.[0], .[-1]]')" '["confirmed","cancelled"]'
expect_eq "only the checked in" \
    "$(coord --json registration list --checked-in "$M" | jq '.registrations | length')" \
    "$(printf '%s' "$counts" | jq '.[3]')"
expect_eq "only the cancelled, with their names for the phone" \
    "$(coord --json registration list --cancelled "$M" | jq -c '[.registrations[] | .name]')" '["Fatima Ali"]'
refused "two filters at once" 2 coord registration list --waiting --cancelled "$M"
expect_status "as CSV for a Danish spreadsheet" 0 coord -o csv registration list "$M"
expect_eq "UTF-8 with a byte-order mark, headings, ';' between fields" \
    "$(head -c 40 "$T/out" | od -An -tx1 | tr -d ' \n' | cut -c1-6) $(head -1 "$T/out" | cut -c4- | tr -d '\r' | cut -d';' -f1-4)" \
    "efbbbf ID;NAME;STATUS;SEATS"
expect_eq "a line for each registration, each ended by CRLF" \
    "$(grep -c $'\r$' "$T/out") $(wc -l <"$T/out")" \
    "$(( $(coord --json registration list "$M" | jq '.registrations | length') + 1 )) $(( $(coord --json registration list "$M" | jq '.registrations | length') + 1 ))"
expect_status "the door list" 0 coord meeting door-list "$M"
expect_match "is sorted by name" "$(out | grep -E '^(Bo|Carl|Emil|Gorm)' | cut -c1-4 | paste -sd,)" "^Bo J,Carl,Emil,Gorm$"
expect_match "shows who is in" "$(out)" "Carl Holm .*\[x\] [0-9]{2}:[0-9]{2}"
expect_match "has lines for walk-ins" "$(out | grep -c '^____')" "^10$"
expect_no_match "holds no terminal escapes" "$(out)" $'\e'

refused "capacity below the confirmed seats" 1 coord meeting edit --capacity 5 "$M"
expect_match "is refused" "$(err)" "below the seats already confirmed"
expect_status "more capacity moves the waiting list up" 0 coord meeting edit --capacity 10 "$M"
expect_match "Dina is in" "$(out)" "^1 registration moved from the waiting list to confirmed:$"
expect_match "named, with how to reach her, for the phone" "$(out)" "^  Dina Mahmoud, 3 seats \(dina@x\.dk\)$"
expect_eq "so a Somali interpreter is needed, for 3 seats" \
    "$(coord --json meeting show "$M" | jq -c '[.counts.languages[] | [.name, .registrations, .seats]]')" \
    '[["somali",1,3]]'

# --- languages as people write them ---
expect_status "Arabisk is the arabisk offered" 0 coord --json register --name "Nour Saleh" \
    --email nour@example.org --language Arabisk "$M"
expect_eq "kept in the meeting's own spelling" "$(out | jq -r .registration.language)" arabisk
refused "a language that is not offered" 1 coord register --name X --email x@example.org --language tigrinya "$M"
expect_match "is refused" "$(err)" "--language is not among the interpretation languages this meeting offers"
refused "dropping somali, which Dina needs" 1 coord meeting edit --language arabisk "$M"
expect_match "is refused, saying how many need it" "$(err)" \
    "^civic: somali cannot be dropped: registrations not cancelled need it \(1\); change or cancel them first$"
expect_status "the same languages in other letters" 0 coord --json meeting edit --language ARABISK --language Sómali "$M"
expect_eq "keep their spelling, and their registrations" "$(out | jq -c .meeting.languages)" '["arabisk","somali"]'
refused "a language given twice, in two spellings" 1 coord meeting edit --language arabisk --language Arabisk "$M"
expect_match "is refused as twice" "$(err)" "^civic: --language \(number 2\) is given twice$"

expect_status "export a calendar entry" 0 coord meeting export --ics "$M"
expect_match "RFC 5545, in UTC" "$(out | tr -d '\r')" "DTSTART:20300502T153000Z"
expect_eq "every line ends in CRLF" "$(out | grep -vc $'\r$')" 0
refused "not closed before it has begun" 1 coord meeting close --head-count 9 "$M"
expect_match "saying when it starts" "$(err)" "^civic: the meeting starts 02\.05\.2030 17:30; it can be closed once it has begun"
echo "$(date -d 2030-05-02T17:35:00Z +%s)" >"$CIVIC_TEST_CLOCK"
expect_status "close with the head count" 0 coord meeting close --head-count 9 --note "Godt møde" "$M"
refused "a held meeting cannot be cancelled" 1 coord meeting cancel --reason X "$M"
expect_match "names its status" "$(err)" "the meeting is held; only a planned or scheduled meeting can be cancelled"
refused "nor checked in to" 1 coord checkin --registration "$DINA" "$M"

expect_status "a meeting without a date yet" 0 coord --json meeting create --title "Efterår" --capacity 60
M2=$(out | jq .meeting.id)
refused "cannot be scheduled" 1 coord meeting schedule "$M2"
expect_match "says what is missing" "$(err)" "set its start, end and capacity first"
expect_status "nor exported to a calendar" 1 coord meeting export --ics "$M2"
expect_status "but can be cancelled with a reason" 0 coord meeting cancel --reason "Flyttet til foråret" "$M2"
refused "cancelled is final" 1 coord meeting schedule "$M2"

# --- names show what they are ---
expect_status "a meeting for the door list" 0 coord --json meeting create --title "Navne" \
    --start "3.5.2030 17:00" --end 19:00 --capacity 10 --language arabisk
M3=$(out | jq .meeting.id)
coord meeting schedule "$M3" >/dev/null
refused "a name with a right-to-left override is refused" 1 \
    coord register --name $'Ali \u202etsoob' --email ali@example.org "$M3"
expect_match "saying why, in words" "$(err)" \
    "^civic: --name holds an invisible character that changes how the text is shown"
refused "so is one with a byte-order mark" 1 \
    coord register --name $'\ufeffSara Berg' --email sara@example.org "$M3"
expect_status "an Arabic name with its vowel marks is kept" 0 \
    coord register --name "محمّد عليّ" --email m@example.org "$M3"
expect_status "and a Chinese one" 0 coord register --name "王小明" --email w@example.org "$M3"
expect_status "a registration with two kinds of need" 0 coord --json register \
    --name "Hanne Berg" --phone 40404040 --need sight --need hearing "$M3"
HANNE=$(reg_id)
expect_eq "the door list gives each row its needs, in order, read with the list" \
    "$(coord --json meeting door-list "$M3" | jq -c '[.registrations[] | [.name, .needs]]')" \
    '[["Hanne Berg",["hearing","sight"]],["محمّد عليّ",[]],["王小明",[]]]'
expect_eq "as showing one registration does" \
    "$(coord --json registration show "$HANNE" | jq -c .registration.needs)" '["hearing","sight"]'
door=$(coord meeting door-list "$M3")
# NAME is 28 columns, then 2 spaces: 8 columns of Arabic need 22 spaces.
expect_match "the door list lines them up by the columns they take" "$door" \
    "^محمّد عليّ {22}1 "
expect_match "the Chinese name too (6 columns)" "$door" "^王小明 {24}1 "

# --- corrections ---
expect_status "a small meeting" 0 coord --json meeting create --title Rettelser \
    --start "4.5.2030 17:00" --end 19:00 --capacity 3 --party-max 3 --language arabisk
M4=$(out | jq .meeting.id)
coord meeting schedule "$M4" >/dev/null
ANNA=$(coord --json register --name "Anna Holm" --email anna@example.org --seats 2 "$M4" | jq .registration.id)
BEN=$(coord --json register --name "Ben Ali" --phone "44 55 66 01" --seats 2 "$M4" | jq .registration.id)
CILLE=$(coord --json register --name "Cille Berg" --email cille@example.org "$M4" | jq .registration.id)
expect_eq "Anna and Cille confirmed, Ben waiting" \
    "$(coord --json registration list "$M4" | jq -c '[.registrations[] | [.name, .status]]')" \
    '[["Anna Holm","confirmed"],["Cille Berg","confirmed"],["Ben Ali","waiting"]]'
refused "a confirmed party cannot grow past the free seats" 1 coord registration edit --seats 3 "$ANNA"
expect_match "saying what is free" "$(err)" "^civic: the meeting is full: 0 seats free, 1 asked for$"
refused "nor lose its last way to be reached" 1 coord registration edit --email "" "$CILLE"
expect_match "which is named" "$(err)" "e-mail address or a phone number"
expect_status "Anna comes alone, with a new phone and no e-mail" 0 \
    coord --json registration edit --seats 1 --phone "44 55 66 02" --email "" --language Arabisk --need hearing "$ANNA"
expect_eq "as corrected, in the meeting's spelling" \
    "$(out | jq -c '.registration | [.seats, .phone, .email, .language, .needs]')" \
    '[1,"+4544556602",null,"arabisk",["hearing"]]'
expect_eq "one seat free is not enough for Ben's two" "$(out | jq .promoted)" 0
expect_status "Ben comes alone too" 0 coord registration edit --seats 1 "$BEN"
expect_match "and moves up, named" "$(out)" "^  Ben Ali, 1 seat \(\+4544556601\)$"
expect_eq "the counts follow" \
    "$(coord --json meeting show "$M4" | jq -c '.counts | [.confirmed_seats, .waiting, (.languages | map([.name, .seats]))]')" \
    '[3,0,[["arabisk",1]]]'
coord registration cancel "$CILLE" >/dev/null
refused "a cancelled registration is not corrected" 1 coord registration edit --seats 2 "$CILLE"
expect_match "it says so" "$(err)" "^civic: the registration is already cancelled$"
"$CIVIC" privacy erase --phone "44 55 66 02" >/dev/null
refused "nor is one whose person was erased" 1 coord registration edit --seats 2 "$ANNA"
expect_match "saying what can be done" "$(err)" "^civic: the registration's personal data was erased; it can be cancelled, not corrected$"
expect_eq "each correction is in the audit trail, by number" \
    "$("$CIVIC" --json audit list --action registration.edit | jq -c '[.entries[] | [.object.id, .details.seats_before, .details.seats]]')" \
    "[[$ANNA,2,1],[$BEN,2,1]]"

# --- a partner's sign-up sheet, as Danish Excel saves it ---
printf '\xef\xbb\xbfname;email;phone;seats;language;needs;consent\r\n' >"$T/bad.csv"
printf 'Dorte Lund;dorte@example.org;;1;;;ja\r\n' >>"$T/bad.csv"
printf 'Erik Moe;erik(at)example.org;;1;;;nej\r\n' >>"$T/bad.csv"
printf 'Fie Holm;;+45 40 50 60 70;2;Arabisk;hearing, jetpack;\r\n' >>"$T/bad.csv"
printf 'Gitte Berg;;40506070;1;;;maybe\r\n' >>"$T/bad.csv"
printf 'Hans Bo;DORTE@example.org;;1;;;\r\n' >>"$T/bad.csv"
refused "a sheet with mistakes" 1 coord registration import "$M4" "$T/bad.csv"
expect_eq "names every problem with its line, and imports nothing" "$(err | grep -v '^ ')" \
"civic: line 3: --email is not an e-mail address
civic: line 4: --needs (number 2) must be one of: wheelchair, hearing, sight, mobility, other
civic: line 5: consent: say yes or no, not 'maybe'
civic: line 6: DORTE@example.org is on line 2 too
civic: 4 problems; nothing was imported"
printf 'name,phone,seats,language,needs,note\n' >"$T/good.csv"
printf 'Dorte Lund,40 50 60 01,1,Arabisk,"wheelchair, hearing","Kommer med ""Rollatoren"""\n' >>"$T/good.csv"
printf 'Erik Moe,40506002,2,,,\n' >>"$T/good.csv"
expect_status "a clean sheet, with commas and quotes" 0 coord registration import "$M4" "$T/good.csv"
expect_eq "is registered in its order" "$(out)" "Imported 2 registrations: 1 confirmed, 1 on the waiting list."
expect_eq "as Register would have" \
    "$(coord --json registration list "$M4" | jq -c '[.registrations[] | select(.name == "Dorte Lund" or .name == "Erik Moe") | [.name, .status, .language, .needs, .note]]')" \
    '[["Dorte Lund","confirmed","arabisk",["hearing","wheelchair"],"Kommer med \"Rollatoren\""],["Erik Moe","waiting",null,[],null]]'
refused "the same sheet again" 1 coord registration import "$M4" "$T/good.csv"
expect_match "is refused line by line: they are registered" "$(err)" "^civic: line 2: this phone number is already registered for meeting $M4$"

stop_daemon
expect_tally "the running figures add up after every kind of change"
done_testing
