#!/usr/bin/env bash
# Every curl example of ../shared/specs/opr-console-api.txt, in the spec's order, against the embedded run
# (`dotnet run --project src/Silo`, which listens on http://127.0.0.1:8082 with the demo tenant as the operator
# console's default tenant). The request bodies are verbatim; tests/Opr.Tests/CurlExampleTests.cs runs the same bodies,
# read from this file, against a running system and checks each answer.
#
# Five spec examples (talk_to_opr, both message examples, user_subscribe, push_user) have no URL in the spec; here they
# get the spec's URL appended. Lines starting with `extra` are not from the spec: they make the following
# examples meaningful (log the operator in again after the logout example, add seat 2 for the transfer example).
#
# What to expect is noted above each example. Without a simulated caller (tests place one), pickup_call answers
# no_call and the board examples that follow act on an empty board; the test run shows the full path.
set -u
extra() { curl -s -H "Content-type: application/json" -X POST -d "$1" http://127.0.0.1:8082/api; echo; }

# 1 seatgroup_config -> {"status":"ok"}
curl -l -H "Content-type: application/json" -X POST -d '{"msgType":"seatgroup_config","groupPhone":"52300112","seatGroupNo":"912"}' http://127.0.0.1:8082/api; echo
# 2 seat_register -> {"status":"ok","seatId":"6","boardState":{...}}
curl -l -H "Content-type: application/json" -X POST -d '{"msgType":"seat_register","seatPhone":"52300001","seatGroupNo":"912","seatId":"6","pwd":"1"}' http://127.0.0.1:8082/api; echo
# 3 opr_login -> ok with boardState (oprstatus "maintaining" until a phone registers as 52300001)
curl -l -H "Content-type: application/json" -X POST -d '{"msgType":"opr_login","seatId":"6","operatorId":"001"}' http://127.0.0.1:8082/api; echo
# 3 opr_logout -> ok
curl -l -H "Content-type: application/json" -X POST -d '{"msgType":"opr_logout","seatId":"6"}' http://127.0.0.1:8082/api; echo
# 4 call_broadcast is a server-to-client push: the server answers {"status":"failed","reason":"unhandled"}
curl -l -H "Content-type: application/json" -X POST -d '{"msgType":"call_broadcast","calls":[{"phoneNumber":"888","userId":"<0.666.0>","callTime":"156853545455"}]}' http://127.0.0.1:8082/api; echo
extra '{"msgType":"opr_login","seatId":"6","operatorId":"001"}'
# 5 pickup_call -> ok with call and boardState when a call waits at 52300112, else {"status":"failed","reason":"no_call"}
curl -l -H "Content-type: application/json" -X POST -d '{"msgType":"pickup_call","boardIndex":"1","seatId":"6"}' http://127.0.0.1:8082/api; echo
# 6 sidea -> ok with boardState (failed no_party on an empty board)
curl -l -H "Content-type: application/json" -X POST -d '{"msgType":"sidea","boardIndex":"1","seatId":"6"}' http://127.0.0.1:8082/api; echo
# 7 board_switch -> ok, activedBoard "2"
curl -l -H "Content-type: application/json" -X POST -d '{"msgType":"board_switch","curBoardIndex":"1","nextBoardIndex":"2","seatId":"6"}' http://127.0.0.1:8082/api; echo
# 8 cross_board -> ok, the caller moves from board 1 to board 2 (no_party on an empty board)
curl -l -H "Content-type: application/json" -X POST -d '{"msgType":"cross_board","side":"sidea","curBoardIndex":"1","nextBoardIndex":"2","seatId":"6","userId":"<0.666.1>"}' http://127.0.0.1:8082/api; echo
extra '{"msgType":"seat_register","seatPhone":"52300002","seatGroupNo":"912","seatId":"2","pwd":"2"}'
extra '{"msgType":"opr_login","seatId":"2","operatorId":"002"}'
# 9 transfer_opr -> ok when board 1 has a party on side a (else no_party); seat 2 gets push_transfer_to_opr
curl -l -H "Content-type: application/json" -X POST -d '{"msgType":"transfer_opr","side":"sidea","boardIndex":"1","targetSeat":"2","seatId":"6","userId":"<0.666.1>"}' http://127.0.0.1:8082/api; echo
# 9 push_transfer_to_opr is a server-to-client push -> unhandled
curl -l -H "Content-type: application/json" -X POST -d '{"msgType":"push_transfer_to_opr","FromSeatId":"6","ToSeatId":"8","phone":"888","userId":"<0.666.1>","boardIndex":"2"}' http://127.0.0.1:8082/api; echo
# 11 talk_to_opr (seats named) -> waits for seat 2's operator to accept or reject (Opr:TalkAnswerTimeout, 30 s):
#    ok, or failed with reject / no_answer
curl -l -H "Content-type: application/json" -X POST -d '{"msgType":"talk_to_opr","seat2Id":"2","seat1Id":"6"}' http://127.0.0.1:8082/api; echo
# 11 message from seat 6's operator to seat 2's -> ok (message_arrival pushed to seat 2)
curl -l -H "Content-type: application/json" -X POST -d '{"msgType":"message","seat2Id":"2","seat1Id":"6","msg":"hello"}' http://127.0.0.1:8082/api; echo
# 11 the spec repeats it under message_arrival -> ok
curl -l -H "Content-type: application/json" -X POST -d '{"msgType":"message","seat2Id":"2","seat1Id":"6","msg":"hello"}' http://127.0.0.1:8082/api; echo
# 12 user_subscribe as the spec's example spells it has no phoneNumber -> {"status":"failed","reason":"missing_field:phoneNumber"}
curl -l -H "Content-type: application/json" -X POST -d '{"msgType":"user_subscribe","seat2Id":"2","seat1Id":"6","msg":"hello"}' http://127.0.0.1:8082/api; echo
# 13 push_user (userstate_change) is a server-to-client push -> unhandled
curl -l -H "Content-type: application/json" -X POST -d '{"msgType":"push_user","seat2Id":"2","seat1Id":"6","msg":"hello"}' http://127.0.0.1:8082/api; echo
# 14 getSeatState -> ok with boardState
curl -l -H "Content-type: application/json" -X POST -d '{"msgType":"getSeatState","seatId":"6","operatorId":"001"}' http://127.0.0.1:8082/api; echo
# 15 addSipUser -> ok (extension 999 may now register with password 999)
curl -l -H "Content-type: application/json" -X POST -d '{"msgType":"addSipUser","phones":["999"],"passwds":["999"]}' http://127.0.0.1:8082/api; echo
# 16 handShake -> ok with activeboardIndex and boardState
curl -l -H "Content-type: application/json" -X POST -d '{"msgType":"handShake","seatId":"6","operatorId":"001","boardIndex":"1"}' http://127.0.0.1:8082/api; echo
# 17 (the spec repeats the handShake example under boardStateChange) -> ok
curl -l -H "Content-type: application/json" -X POST -d '{"msgType":"handShake","seatId":"6","operatorId":"001","boardIndex":"1"}' http://127.0.0.1:8082/api; echo
# 18 calla -> ok, side a "calling" 8 (through the PSTN gateway Opr:PstnGateway; without one the party is gone at the
#    next boardStateChange)
curl -l -H "Content-type: application/json" -X POST -d '{"msgType":"calla","seatId":"6","boardIndex":"1","phone":"8"}' http://127.0.0.1:8082/api; echo
