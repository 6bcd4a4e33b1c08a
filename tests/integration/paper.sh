#!/bin/bash
# Applications received on paper or by e-mail, entered by an admin: the
# municipality's cases from before civic (the 2017 ones), and letters.
# Submitted on the day received, into that year or another, decisions
# dated from then; the history and the audit trail say who entered it.
. "$(dirname "$0")/lib.sh"

start_daemon || exit 1
APP=$("$CIVIC" --json applicant add --cvr 12345674 "Røde Kors Ballerup" | jq .applicant.id)
fields=(--title "Lektiecafé" --description "Lektiehjælp" --integration "Børn mødes"
    --target-group "Børn" --participants 30 --start 1.2.2017 --end 30.6.2017)

expect_status "a letter of January 2017 is entered" 0 "$CIVIC" --json application record \
    --applicant "$APP" --received 16.1.2017 "${fields[@]}" --line "Lokaleleje=10.000" --line "Bøger=5.000"
ID=$(out | jq .application.id)
expect_eq "submitted into 2017, on the day received, the amount from its lines" \
    "$(out | jq -c '.application | [.reference, .status, .requested, .submitted[0:10]]')" \
    '["2017-0001","submitted","15000.00","2017-01-16"]'
expect_eq "its history says how it came, and who entered it" \
    "$(out | jq -c '.application.history[-1] | [.kind, .by]')" '["received_on_paper","root"]'
expect_eq "so does the audit trail" \
    "$("$CIVIC" --json audit list --object "application:$ID" | jq -r '.entries[-1] | .action + " " + (.actor.uid | tostring)')" \
    "application.received_on_paper 0"
before=$(dbsum)
expect_status "a decision dated before it was received" 1 "$CIVIC" grant approve --amount 1 \
    --committee K --date 1.1.2017 "$ID"
expect_match "is refused" "$(err)" "^civic: --date is before the application was submitted \(16\.01\.2017\)$"
expect_eq "changing nothing" "$(dbsum)" "$before"
expect_status "one dated in 2017, after it, is fine" 0 "$CIVIC" grant approve --amount 12.000 \
    --committee "KFU 7.2.2017" --date 7.2.2017 "$ID"
expect_status "an e-mail of December for next year's pool" 0 "$CIVIC" --json application record \
    --applicant "$APP" --received 12.12.2017 --year 2018 --via email "${fields[@]}" --line "Leje=2.000"
expect_eq "goes into 2018" "$(out | jq -c '.application | [.reference, .history[-1].kind]')" \
    '["2018-0001","received_by_email"]'
before=$(dbsum)
expect_status "an unknown applicant" 1 "$CIVIC" application record --applicant 99 --received 1.2.2017 \
    "${fields[@]}" --line "Leje=1.000"
expect_match "is not found" "$(err)" "^civic: there is no applicant 99$"
expect_status "a received date in the future" 1 "$CIVIC" application record --applicant "$APP" \
    --received "$(date -d '+2 days' +%d.%m.%Y)" "${fields[@]}" --line "Leje=1.000"
expect_match "is refused" "$(err)" "^civic: --received is in the future$"
expect_status "a field missing" 1 "$CIVIC" application record --applicant "$APP" --received 1.2.2017 \
    --title X --line "Leje=1.000"
expect_match "is named" "$(err)" "is required"
expect_eq "none of them changed anything" "$(dbsum)" "$before"
expect_status "an applicant may not enter one" 1 env CIVIC_TOKEN="$("$CIVIC" --json applicant rotate "$APP" | jq -r .token)" \
    setpriv --reuid=$U_PLAIN --regid=$U_PLAIN --groups=$G_SOCKET "$CIVIC" application record \
    --applicant "$APP" --received 1.2.2017 "${fields[@]}" --line "Leje=1.000"
# Earlier years' cases from CSV, all or nothing.
cat >"$T/good.csv" <<CSV
applicant,received,via,title,description,integration,target-group,participants,start,end,lines
$APP,3.3.2016,paper,Sommerlejr,"Fem dage, med ""alle"" fra opgangen",Børn mødes,Børn,40,1.7.2016,5.7.2016,"Telte=6.000; Mad=4.000"
$APP,2016-04-01,email,Fodbold,"Træning
hver tirsdag",Nye og gamle,Unge,25,1.5.2016,1.9.2016,Bolde=2.500
CSV
cat >"$T/bad.csv" <<CSV
applicant,received,title,description,integration,target-group,participants,start,end,lines
$APP,1.2.2016,Ok,D,I,G,5,1.2.2016,1.3.2016,A=100
$APP,31.2.2016,Dato,D,I,G,5,1.2.2016,1.3.2016,A=100
99,1.2.2016,Ukendt,D,I,G,5,1.2.2016,1.3.2016,A=100
$APP,1.2.2016,Tom titel,D,I,G,,1.2.2016,1.3.2016,A=100
CSV
before=$(dbsum)
expect_status "a file with problems" 1 "$CIVIC" application import "$T/bad.csv"
expect_eq "says each, with its line" "$(err | grep -E '^civic: line' | cut -d: -f2-3 | paste -sd'|')" \
    " line 3: received| line 4: there is no applicant 99| line 5: --participants is required"
expect_match "and that nothing was imported" "$(err)" "^civic: 3 problems; nothing was imported$"
expect_eq "nothing was" "$(dbsum)" "$before"
# On the wire, a record that is wrong anywhere in the list refuses the
# whole call before any record is stored.
r=$(raw "{\"method\":\"dk.civic.fund.ImportApplications\",\"parameters\":{\"records\":[{\"applicant\":$APP,\"received\":\"2016-02-01\",\"title\":\"T\",\"description\":\"D\",\"integration\":\"I\",\"target_group\":\"G\",\"participants\":5,\"start_date\":\"2016-02-01\",\"end_date\":\"2016-03-01\",\"lines\":[{\"item\":\"A\",\"amount\":\"100.00\"}]},{\"applicant\":$APP,\"received\":\"2016-02-01\",\"description\":\"D\",\"integration\":\"I\",\"target_group\":\"G\",\"participants\":5,\"start_date\":\"2016-02-01\",\"end_date\":\"2016-03-01\",\"lines\":[{\"item\":\"A\",\"amount\":\"100.00\"}]}]}}")
expect_eq "a record without its title refuses the import, naming it" \
    "$(printf '%s' "$r" | jq -c '[.error, .parameters.parameter]')" \
    '["org.varlink.service.InvalidParameter","records[1].title"]'
expect_eq "and the record before it is not kept" "$(dbsum)" "$before"
expect_status "a good file" 0 "$CIVIC" application import "$T/good.csv"
expect_match "is imported" "$(out)" "^Imported 2 applications\.$"
expect_eq "into 2016, quotes, commas and new lines kept" \
    "$("$CIVIC" --json application list --year 2016 | jq -c '[.applications[] | [.reference, .title, .requested]]')" \
    '[["2016-0001","Sommerlejr","10000.00"],["2016-0002","Fodbold","2500.00"]]'
expect_eq "the text as the file had it" \
    "$("$CIVIC" --json application show 2016-0001 | jq -r .application.description)" 'Fem dage, med "alle" fra opgangen'
expect_fund_tally "the running figures add up"
stop_daemon
done_testing
