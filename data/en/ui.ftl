# sipbot interface strings, English. Catalogue texts live in the .toml files beside this one.
# Placeholders: { $name }. Keep reason phrases and header names as they are: protocol tokens.

footer = sipbot · { $citation }
footer-plain = sipbot · SIP response codes explained

## Classes (RFC 3261 §7.2, §21)
class-1xx = Provisional
class-2xx = Success
class-3xx = Redirection
class-4xx = Client Failure
class-5xx = Server Failure
class-6xx = Global Failure
class-1xx-about = Provisional responses say the request was received and is being processed. They never end a transaction; a final response (2xx–6xx) still follows.
class-2xx-about = The request succeeded. For an INVITE, the UAC acknowledges the 2xx with an ACK and the call is up.
class-3xx-about = The request should be sent elsewhere: the new target(s) are in the `Contact` header.
class-4xx-about = The request has a problem at this server (bad syntax, missing credentials, unknown user, busy…). The same request may succeed at another server or once it is changed.
class-5xx-about = The server failed to handle an apparently valid request: overload, an error, or trouble with the next hop.
class-6xx-about = The server has definitive information about the user: the request will fail everywhere. A proxy stops forking and the UAC should not try other destinations (RFC 3261 §16.7, §21.6).

final-yes = Final response: ends the transaction.
final-no = Provisional: not final, a final response still follows.

status-deprecated = ⚠ Deprecated: IANA lists this code as deprecated. Implementations should no longer send it but must still understand it.
status-obsolete = ⚠ Obsolete: defined in RFC 2543, dropped from RFC 3261 and never registered with IANA. A stack that sends it today is old or non-standard.
status-deprecated-short = deprecated
status-obsolete-short = obsolete

## Fields of a code's explanation
field-when = When you see it
field-fix = How to fix
field-retry = Retry?
field-class = Class
field-sent-by = Usually sent by
field-defined = Defined in
field-q850 = Q.850 (RFC 3398)
field-related = Often confused with
field-class-meaning = What the class means
field-treated-as = Treated like { $base }
compare-hint = Compare: `{ $a } vs { $b }`

q850-sip-to-cause = A gateway that receives { $code } releases the ISUP call with cause { $cause } ({ $name }) — RFC 3398 §8.2.6.1.
q850-footnote-credentials = RFC 3398 §8.2.6.1 (*): a gateway that can provide credentials SHOULD authenticate itself and go on with the call; only a gateway that cannot sends cause 21.
q850-footnote-remedy = RFC 3398 §8.2.6.1 (+): a gateway SHOULD, if at all possible, remedy the protocol error and try the session again; only if that proves impossible should it fail the ISUP half of the call.
q850-causes-to-sip = A gateway turns Q.850 cause { $causes } into { $code } — RFC 3398 §7.2.4.1.
q850-none = no RFC 3398 mapping

## Codes that are well formed but not registered
unregistered-short = { $code } (unregistered { $class })
unregistered-title = { $code }: not a registered SIP response code
unregistered-summary = Not registered: treated like { $base } ({ $class }).
unregistered-description = { $code } is a well-formed SIP status code ({ $class }) but it is not registered with IANA, so no RFC says what it means. RFC 3261 §8.1.3.2: a UAC that receives an unknown response code treats it like the x00 code of its class, here { $base }. Look at the reason phrase and any `Warning` header for what the sender meant.

## Comparisons
compare-title = { $a } vs { $b }
compare-same = Both sides are { $code }: nothing to compare. Ask for two different codes, for example `486 vs 600`.
field-key-difference = Key difference
field-when-which = When you see which
field-facts-of = { $code } in facts
gen-provisional-vs-final = { $prov } is provisional: the transaction goes on and a final response still follows. { $final } is final: it ends the transaction.
gen-same-class = Both are { $class } responses.
gen-different-class = { $a } is a { $classa } response, { $b } a { $classb } response.
gen-global-vs-branch = { $global } is a global failure: a proxy stops forking and nothing else is tried. { $branch } fails only this branch or server: other destinations may still succeed.
gen-senders = { $a } usually comes from { $sendersa }; { $b } from { $sendersb }.
gen-retry = After { $a }: { $retrya }. After { $b }: { $retryb }.
gen-retry-same = After either: { $retry }.
gen-q850-same = Through a PSTN gateway both become Q.850 cause { $cause } (RFC 3398).
gen-q850-both = Through a PSTN gateway { $a } becomes Q.850 cause { $causea }, { $b } cause { $causeb } (RFC 3398).
gen-q850-one = Through a PSTN gateway { $code } becomes Q.850 cause { $cause }; RFC 3398 gives no cause for { $other }.

## Retry categories
retry-not-applicable = not a failure, nothing to retry
retry-redirect = send the request again to the `Contact` target(s)
retry-credentials = retry with credentials for the challenge
retry-modify = retry only after changing the request as the response says
retry-later = the same request may work later; honour `Retry-After`
retry-elsewhere = try another server or route
retry-no-retry = do not retry as is: fix the cause first
retry-stop = global failure: stop, try no other destination

## Senders
sender-uas = UAS (the called device)
sender-proxy = proxy
sender-registrar = registrar
sender-redirect-server = redirect server
sender-gateway = PSTN gateway
sender-b2bua = B2BUA / PBX
sender-sbc = SBC
sender-carrier = carrier
sender-notifier = event notifier
sender-any = any SIP element

## Q.850
cause-title = Q.850 cause { $cause }: { $name }
field-q850-class = Q.850 class
field-cause-to-sip = Sent to SIP as (RFC 3398 §7.2.4.1)
field-sip-to-cause = SIP responses mapped to it (RFC 3398 §8.2.6.1)
q850-16-to-sip = No response code: normal clearing ends a SIP call with BYE or CANCEL (RFC 3398 §7.2.4.1).
q850-no-sip = RFC 3398 lists no SIP code for this cause, so its default applies: 500 Server Internal Error (RFC 3398 §7.2.4.1). Some gateways use their own table instead.
q850-22-note = 301 when the release carries the new number, 410 otherwise (RFC 3398 §7.2.4.1).
field-hangup-names = Names in PBX logs
hangup-named = `{ $name }` is { $product }'s name for this cause (value { $value } in { $table }).
hangup-title = { $product } hangup cause { $name }
hangup-no-q850 = Not a Q.850 cause: { $value } is { $product }'s own number for it ({ $table }), and Q.850 defines no cause with that value.
hangup-in-log = { $product } logged the hangup cause `{ $name }` ({ $meaning }): { $line }
hangup-in-log-q850 = Q.850 cause { $cause }, { $cause_name }
hangup-in-log-own = { $product }'s own value { $value }, no Q.850 cause
q850-class-normal-event = Normal event
q850-class-resource-unavailable = Resource unavailable
q850-class-service-or-option-not-available = Service or option not available
q850-class-service-or-option-not-implemented = Service or option not implemented
q850-class-invalid-message = Invalid message
q850-class-protocol-error = Protocol error
q850-class-interworking = Interworking
not-a-cause-title = Not a Q.850 cause: { $input }
what-is-a-cause = Q.850 cause values are numbers from 1 to 127 that a telephone network (ISDN, ISUP, and SIP through `Reason: Q.850;cause=N`) gives for why a call ended. This value is not defined in ITU-T Q.850. Try for example `q850 17` (user busy) or `q850 34` (no circuit available).

## Warn-codes
warning-title = Warning { $code }: { $text }

## Reason: SIP;cause=
reason-sip-title = Reason: SIP;cause={ $code }
reason-sip-200 = The call was completed elsewhere: a CANCEL with `Reason: SIP;cause=200` tells a phone that the call it was ringing for was answered on another branch (the 200 OK of RFC 3261 §21.2.1), so it should not show it as a missed call. The Reason header (RFC 3326 §2) says why a request ended; it is not a response, and nothing failed.
reason-sip-other = The request ended because of the response { $phrase }: the Reason header (RFC 3326 §2) carries the SIP response code that caused a CANCEL or BYE. It is not a response itself.

## Search and errors
search-title = Search: { $query }
search-none = Nothing matched “{ $query }”. Try a word from a reason phrase (busy, auth, timeout, codec) or a code (486).
field-did-you-mean = Did you mean
field-try = Try
try-examples = `486` · `busy here` · `SIP/2.0 486 Busy Here` · `486 vs 600` · `q850 17`
not-a-code-title = Not a SIP response code: { $input }
what-is-a-code = A SIP response code is a three-digit number from 100 to 699 at the start of a SIP response, as in `SIP/2.0 486 Busy Here`. The first digit is its class: 1xx provisional, 2xx success, 3xx redirection, 4xx client failure, 5xx server failure, 6xx global failure (RFC 3261 §7.2, §21).
not-understood = sipbot found no SIP response code, comparison or Q.850 cause in that.

## Help
help-title = sipbot: SIP response codes explained
help-description = sipbot explains SIP response codes, Q.850 causes and the differences between codes that people confuse, from one catalogue checked against the RFCs.
help-ask-name = Ask
help-ask = `486` · `busy here` · `486 vs 600` · `difference between 401 and 407` · `q850 17` · `SIP/2.0 503 Service Unavailable`
help-paste-name = Paste
help-paste = Status lines, whole SIP traces and `Reason: Q.850;cause=…` headers: sipbot finds the codes and explains them.
help-commands-name = Commands
help-commands = `/sip code` · `/sip vs` · `/sip search` · `/sip class` · `/sip q850` · `/sip help`

## Console and command line
console-welcome = sipbot console: type anything you would write in chat (`486`, `486 vs 600`, `q850 17`, a pasted status line). An empty line or end of input quits.
console-no-token = No Discord token is configured (DISCORD_TOKEN), so sipbot starts its console instead. To run the bot, copy .env.example to .env and set DISCORD_TOKEN.
console-nothing = Nothing for sipbot there: no SIP response code, comparison or Q.850 cause.
and-more = …and { $n } more

## Auto-explain (replies to messages that mention SIP codes)
auto-title = SIP codes in this message
auto-footer = sipbot · Details for the full explanations
auto-compare-generic = how { $a } and { $b } differ
auto-q850-line = **Q.850 { $cause }** { $name } → SIP { $code }
auto-q850-line-unmapped = **Q.850 { $cause }** { $name } (no SIP mapping in RFC 3398)
button-details = Details
button-delete = Delete
delete-refused = Only the author of the original message, or a member who can manage messages, can delete this reply.
details-gone = This reply no longer lists anything sipbot can explain.
command-failed = Something went wrong while answering; it has been logged. Please try again.

bad-options = sipbot did not understand those options; your Discord client may show an old version of the command. Restart it, or try `/sip help`.

## Slash commands: descriptions (at most 100 characters each). Command names stay English.
cmd-sip = SIP response codes explained
cmd-sip-code = Explain a SIP response code
cmd-sip-code-query = A code (486), a reason phrase (busy here) or words
cmd-sip-vs = Compare two SIP response codes side by side
cmd-sip-vs-a = The first code
cmd-sip-vs-b = The second code
cmd-sip-search = Search the codes by words: busy, auth, timeout, codec…
cmd-sip-search-text = Words to look for
cmd-sip-class = List the codes of a class
cmd-sip-class-class = The class: 1xx to 6xx
cmd-sip-q850 = Decode a Q.850 cause and its SIP mapping
cmd-sip-q850-cause = The cause value, 1 to 127
cmd-sip-help = What sipbot does and how to use it
cmd-explain_message-menu = Explain SIP codes

## Pasted SIP traces: titles, fields and privacy
trace-title = SIP trace: { $method } { $outcome }
trace-title-call = Call { $n } of { $total }: { $method } { $outcome }
trace-field-participants = Participants
trace-field-evidence = Evidence
trace-field-codes = Response codes in this call
trace-field-privacy = Privacy
trace-privacy-digest = ⚠ This paste contains { $n ->
    [one] an Authorization digest line
   *[other] { $n } Authorization digest lines
} (nonce and response): enough to guess a weak password offline. Consider deleting the message and sharing a redacted copy (`sipbot trace --redact`).
trace-privacy-password = ⚠ This paste contains { $n ->
    [one] a line
   *[other] { $n } lines
} that look like a password or secret. Delete the message and change that password.
trace-redacted = Redacted copy: phone numbers, users and IP addresses are masked.
trace-truncated = Long paste: sipbot kept the first { $kept } of { $seen } SIP messages and { $calls } of { $callsseen } calls.
trace-more-calls = { $n ->
    [one] One more call in this paste is not shown.
   *[other] { $n } more calls in this paste are not shown.
}
trace-dropped = { $n } later messages of this call were left out.
trace-none = No SIP trace found. sipbot needs SIP messages — a request or status line followed by its headers (Via, Call-ID, CSeq…) — as sngrep, Asterisk, FreeSWITCH, Kamailio, OpenSIPS, ngrep, tcpdump -A or SIPp print them.
trace-calls-found = { $n ->
    [one] One call (Call-ID) found.
   *[other] { $n } calls (Call-IDs) found.
}

## Participants and roles
trace-role-caller = caller
trace-role-callee = called party
trace-role-proxy = proxy
trace-role-client = client
trace-role-registrar = registrar
trace-role-server = server
trace-log-host = host that wrote this log
trace-log-host-unknown = host that wrote this log (address not shown)
trace-unknown-address = address not in the trace

## The ladder
trace-ladder-repeat = { $label } ×{ $n }
trace-ladder-retrans = { $label } (again)
trace-ladder-elided = … { $n } more messages …

## Outcomes, short (titles)
trace-short-answered = answered
trace-short-busy = busy ({ $code })
trace-short-rejected = rejected ({ $code })
trace-short-cancelled = cancelled
trace-short-timed-out = timed out
trace-short-unfinished = no final response
trace-short-redirected = redirected ({ $code })
trace-short-challenged = authentication required ({ $code })
trace-short-wrong-credentials = wrong credentials ({ $code } loop)
trace-short-forbidden-after-auth = forbidden after authentication (403)
trace-short-media-mismatch = media refused ({ $code })
trace-short-glare = glare (491)
trace-short-session-timer = session timer too short (422)
trace-short-registered = registered
trace-short-unregistered = unregistered
trace-short-completed = succeeded ({ $code })
trace-short-unknown = responses only

## Outcomes, in full
trace-answered = **Answered**: { $by } answered with { $code }.
trace-hangup = { $by } hung up (sent the BYE).
trace-no-bye = The trace has no BYE: the call was still up where the paste ends.
trace-busy = **Busy**: { $by } answered { $code }.
trace-rejected = **Rejected**: { $by } answered the { $method } with { $code }.
trace-registration-failed = **Registration failed**: { $by } answered { $code }.
trace-cancelled = **Cancelled**: { $by } sent CANCEL before the call was answered.
trace-cancelled-487 = The INVITE then ended with { $code }, as it should after a CANCEL.
trace-cancelled-unseen = **Cancelled**: the INVITE ended with { $code }, the response to a request that a CANCEL or a BYE ended before it was answered (RFC 3261 §21.4.26); that CANCEL is not in the paste.
trace-mentioned = The text also names { $codes }, outside the messages of the trace (in its sentences or its configuration).
trace-timeout-408 = **Timed out**: { $by } answered the { $method } with { $code }: the next hop or the called device did not answer in time.
trace-timeout-none = **Timed out**: the { $method } got no response at all ({ $n ->
    [one] sent once
   *[other] sent { $n } times
}). Check the route, firewalls and NAT on the way, and that the far end listens on that address, port and transport.
trace-unfinished = **No final response** to the { $method } in the trace: the last response is { $code }. The paste may stop before the call ended.
trace-redirected = **Redirected**: { $by } answered { $code }; new target: { $contacts }.
trace-redirected-none = **Redirected**: { $by } answered { $code }, without a Contact to follow.
trace-challenged = **Authentication required**: { $by } challenged the { $method } with { $code }, and the trace shows no retry with credentials.
trace-wrong-credentials = **Wrong credentials**: the { $method } was sent again with credentials and { $by } challenged it again with { $code } ({ $n } challenges in all). The username, password or realm is wrong.
trace-forbidden-after-auth = **Forbidden after authentication**: the { $method } carried credentials and { $by } still answered 403 Forbidden. The password is probably right: the account is disabled, not allowed this destination, or an IP rule or ACL refuses it.
trace-media = **Media refused**: { $by } answered { $code }: it accepts none of the media offered.
trace-offer = Offer from { $by }: { $media }
trace-answer = Other side ({ $by }): { $media }
trace-no-sdp = no SDP
trace-common-none = No codec in common: allow one of the offered codecs on the other side, or transcode.
trace-common = In common: { $codecs }. So the mismatch is elsewhere: the transport (RTP/AVP vs RTP/SAVP), ptime, or another media line (video, T.38).
trace-answer-missing = The trace has no SDP from the other side: compare the offer with the codecs allowed on { $by } and beyond.
trace-accept = { $by } accepts: { $accept }
trace-glare = **Glare**: both sides sent an INVITE in the same dialog at the same time and { $by } answered 491 Request Pending. Each side retries after a random wait (RFC 3261 §14.1). { $answered ->
    [yes] The call itself had been answered.
   *[no] The call was not answered.
}
trace-session-timer = **Session interval too small**: { $by } answered 422 and wants at least { $minse } s (Min-SE); the INVITE offered { $se } s (Session-Expires). Send the INVITE again with Session-Expires at least Min-SE.
trace-registered = **Registered**: { $by } accepted the registration for { $expires } s.
trace-registered-no-expiry = **Registered**: { $by } accepted the registration.
trace-unregistered = **Unregistered**: { $by } accepted the removal of the registration (Expires 0).
trace-completed = **{ $method } succeeded**: { $by } answered { $code }.
trace-unknown = Responses only: the trace does not show the request they answer.

## Evidence
trace-authenticated = Went through after a { $code } challenge.
trace-message-ref = { $label } from { $by }
trace-reason-q850 = Reason in { $msg }: Q.850 cause { $cause } ({ $name }).
trace-reason-sip = Reason in { $msg }: SIP cause { $name }.
trace-reason-other = Reason in { $msg }: { $protocol } cause { $cause }.
trace-unknown-cause = not a Q.850 cause
trace-with-text = { $line } Text: “{ $text }”.
trace-warning = Warning { $code } in { $msg }, from { $agent }: “{ $text }”. { $meaning }
trace-retry-after = Retry-After in { $msg }: try again in { $seconds } s.

# Log lines read as events, what a partial trace does not show, diagnoses, next steps.
trace-unfinished-none = **No response** to the { $method } in the trace: it stops before one came.
trace-unknown-party = the far end
trace-some-request = request
trace-log-asterisk = Asterisk log
trace-log-freeswitch = FreeSWITCH log
trace-log-pjsip = PJSIP log
trace-log-sipp = SIPp screen
trace-log-wireshark = packet list
trace-log-baresip = baresip log
trace-log-kamailio = Kamailio/OpenSIPS log
trace-log-janus = Janus SIP plugin log
trace-log-ladder = drawn ladder
trace-log-start-line = status line
trace-log-other = log line
trace-log-prose = text of the paste
trace-no-call-id = no Call-ID in the paste
trace-log-app = SIP app log
trace-log-evidence = Evidence ({ $source }): { $line }
trace-gap-no-request = The trace does not show the { $method } these responses answer: who sent it, and when, is not in the paste.
trace-gap-no-invite = The trace does not show the INVITE that was cancelled.
trace-gap-expected = The scenario waited for { $label }, which never came.
trace-gap-no-directions = These log lines do not say who sent each message to whom, so the call is drawn as a timeline.
trace-gap-stated-only = The paste holds lines that state responses, not the SIP messages themselves: the requests they answer, their headers, and who sent each one to whom are not shown, so the lines are drawn as a timeline in the order they were written.
trace-diag-reason-mismatch = **Reason and code disagree**: { $msg } carries Q.850 cause { $cause } ({ $name }), but RFC 3398 §8.2.6.1 maps { $code } to cause { $expected } ({ $ename }), and §7.2.4.1 turns cause { $cause } into { $codes }. One of the two was set by hand or by a gateway's table: check which side wrote it.
trace-diag-reason-mismatch-none = **Reason and code disagree**: { $msg } carries Q.850 cause { $cause } ({ $name }), but RFC 3398 §8.2.6.1 maps { $code } to cause { $expected } ({ $ename }), and §7.2.4.1 lists no response for cause { $cause }. One of the two was set by hand or by a gateway's table: check which side wrote it.
trace-diag-answered-elsewhere = **Answered elsewhere**: { $msg } carries `Reason: SIP;cause=200`: another device took the call, so this one was cancelled (RFC 3326 §2). Not a missed call.
trace-diag-timeout-past-first-hop = **Timed out past the first hop**: { $trying } shows that the next hop had the request; the 408 in { $msg } means a hop beyond it never answered (RFC 3261 §16.8, §17.1.1.2). Look at that hop's route to the called device, not at the caller's link.
trace-diag-no-dialog = **Dialog unknown**: { $msg } answers a { $method } in a dialog the other side no longer has (RFC 3261 §12.2.2): it already ended the call or restarted, or the request took another route (Record-Route, NAT).
trace-next-busy = Check next: whether the called device really has a call up, or a limit of one call (call waiting off).
trace-next-server = Check next: the logs of whoever sent the 5xx (a trunk or gateway down, overload, no route); a Retry-After says when to try again.
trace-next-not-found = Check next: the number as it was sent (prefixes, E.164 format) and the dial plan of whoever answered.
trace-next-timeout = Check next: whether the request reached the next hop at all (firewall, NAT, DNS, UDP or TCP), then that hop's own logs.
trace-next-challenged = Check next: a following request with Authorization or Proxy-Authorization; without one, the client has no credentials for this realm.
trace-next-wrong-credentials = Check next: the authentication username (not always the extension), the password and the realm set on the client.
trace-next-media = Check next: the codecs allowed on each side, and any SRTP or transport requirement (RTP/AVP against RTP/SAVP).
trace-next-unfinished = Check next: a longer capture; the final response comes later or was lost.

## Files and pasted traces
cmd-sip-trace = Analyse a SIP trace or log: attach a file, or leave empty to paste
cmd-sip-trace-file = A text log (.txt, .log, .sip, .out); leave empty to paste
button-redacted = Redacted copy
paste-title = Paste a SIP trace
paste-label = SIP messages or log lines
paste-placeholder = INVITE sip:… SIP/2.0 … or the output of sngrep, pjsip logger, sofia siptrace…
file-not-text = { $file }: not a text file. sipbot reads text logs (.txt, .log, .sip, .out); for a capture, export it as text first (sngrep, tshark -V, ngrep).
file-too-large = { $file } is { $size } MiB; sipbot reads files up to { $max } MiB. Cut the log to the calls you care about (grep the Call-ID) and try again.
file-binary = { $file } looks binary, not a text log. For a .pcap, export the SIP messages as text first (sngrep, tshark -V, ngrep).
file-unreadable = { $file } could not be downloaded from Discord; please try again.
analysis-timeout = That took too long to analyse; try a shorter excerpt (one call).

## Settings, team notes and statistics (/sip settings, /sip note, /sip stats)
guild-only = This command works in a server only, not in DMs.
settings-refused = Only members with the Manage Server permission can change sipbot's settings.
settings-title = sipbot settings for this server
settings-auto = Auto-explain
settings-auto-off = off: no auto-explain
settings-auto-strict = strict: codes with clear SIP context
settings-auto-loose = loose: also bare codes near SIP words
settings-channels = Channels with their own mode
settings-language = Language
settings-language-auto = auto: each reader's Discord language; the server's for auto-explain
settings-cooldown = Cooldown
settings-cooldown-value = { $minutes } min before the same code is auto-explained again in a channel
settings-max-items = Items per auto reply
settings-note-editors = Who can edit team notes
settings-note-editors-value = Members with Manage Server
settings-note-editors-role = Members with Manage Server, or the role { $role }
settings-saved = Saved: the new settings apply at once.
store-failed = sipbot's database is unavailable right now, so nothing was changed. Try again later.
settings-reset-title = Delete all of sipbot's data for this server?
settings-reset-body = The settings, team notes and statistics of this server will be deleted. This cannot be undone.
button-reset-confirm = Delete everything
button-reset-cancel = Cancel
settings-reset-done = Done: sipbot's data for this server is deleted, and the defaults apply again.
settings-reset-cancelled = Cancelled: nothing was deleted.
note-field = Team note
note-refused = Only members with Manage Server, or with the note role set by `/sip settings note-role`, can edit team notes.
note-saved = Team note saved on { $code }: it shows on { $code }'s explanations in this server.
note-removed = Team note on { $code } removed.
note-none = There was no team note on { $code }.
note-too-long = A team note is at most { $max } characters.
note-empty = A team note cannot be empty.
notes-title = Team notes in this server
notes-empty = No team notes yet: add one with `/sip note set`.
stats-title = Most explained codes, last { $days } days
stats-empty = No codes were explained in this server in the last { $days } days.
stats-total = { $n } explanations in all.
stats-footer = Counts only: sipbot never stores message text or authors.
stats-chart-title = Codes explained, last { $days } days

## Descriptions of the settings, note and stats commands
cmd-sip-settings = sipbot's settings for this server (Manage Server)
cmd-sip-settings-show = Show this server's settings
cmd-sip-settings-auto = Auto-explain for the whole server or one channel: off, strict or loose
cmd-sip-settings-auto-mode = off, strict (clear SIP context) or loose (also bare codes)
cmd-sip-settings-auto-channel = Only this channel (default: the whole server)
cmd-sip-settings-language = The language of sipbot's answers in this server
cmd-sip-settings-language-lang = auto (each reader's language), en or vi
cmd-sip-settings-cooldown = Minutes before a code is auto-explained again in a channel
cmd-sip-settings-cooldown-minutes = 0 to 1440 minutes
cmd-sip-settings-max-items = How many items one auto-explain reply lists
cmd-sip-settings-max-items-n = 1 to 10
cmd-sip-settings-note-role = The role that may edit team notes, besides Manage Server
cmd-sip-settings-note-role-role = The role (leave out to remove it)
cmd-sip-settings-reset = Delete all of sipbot's data for this server (asks first)
cmd-sip-note = Team notes on codes, shown in this server only
cmd-sip-note-set = Add or replace the team note on a code
cmd-sip-note-set-code = The code, e.g. 403
cmd-sip-note-set-text = The note, at most 500 characters
cmd-sip-note-remove = Remove the team note on a code
cmd-sip-note-remove-code = The code, e.g. 403
cmd-sip-note-list = List this server's team notes
cmd-sip-stats = The codes explained most in this server, with a chart
cmd-sip-stats-days = The period: 7, 30 or 90 days

## Header fields (/sip header, `sipbot explain Via`)
header-title = The { $name } header
header-asked-compact = `{ $value }` is the compact form of `{ $name }`: the two are the same header (RFC 3261 §7.3.3).
field-header-who = Who adds or changes it
field-header-pitfalls = What goes wrong in practice
field-header-compact = Compact form
field-header-appears = Appears in
field-header-related = Read it with
header-compact-none = none
header-in-requests = Requests
header-in-responses = Responses
header-in-both = Requests and responses
not-a-header-title = “{ $text }” is not a header sipbot knows
not-a-header = sipbot explains { $n } SIP header fields: those of RFC 3261 §20 and the extensions met daily (Reason, Session-Expires, P-Asserted-Identity, Diversion, Identity…). Type a full name or a compact form such as `v` or `i`.
cmd-sip-header = Explain a SIP header field: Via, Record-Route, Contact, or a compact form such as i or m
cmd-sip-header-name = A header name or compact form: Via, Record-Route, i, m…

field-story-headers = Headers this points at
story-header-nat = Behind NAT: the top `Via` gives { $sentby }, but the server saw the request come from { $received } (RFC 3261 §18.2.1).
story-header-no-rport = The request's `Via` has no `rport`, so over UDP the answer goes to the port written in `Via`, which the NAT may not open (RFC 3261 §18.2.2, RFC 3581).
story-header-private-contact = `Contact` holds the private address { $host }: requests sent to it later (a BYE, an incoming call) reach the phone only while a proxy or SBC keeps its NAT binding.
story-header-no-record-route = The INVITE crossed a proxy (its `Via` has { $vias } values), but neither it nor the 2xx carries `Record-Route`: the proxy left the dialog, and the BYE and re-INVITEs go straight to the other side's `Contact` (RFC 3261 §12.1, §16.6 step 4). A 481 to one of them usually means it reached an element outside the dialog: have the proxy record-route if it must stay in the path, or check where the phone sends in-dialog requests.
story-header-no-session-refresh = The 200 OK set a session timer of { $interval } s{ $refresher ->
    [none] {""}
   *[other] , refreshed by { $refresher }
}, and no re-INVITE or UPDATE refreshed it before the BYE { $after } s later. The refresher should refresh at half the interval, and a side that sees no refresh ends the call as the session expires (RFC 4028 §10): check that the refresher sends its refreshes and that they get through, or turn session timers off where they are asked for.

## The HTTP side of a code
field-http = Compared with HTTP
http-borrowed = Taken from HTTP: HTTP { $code } { $phrase } ({ $citation }).
http-clash = Same number as HTTP { $code } { $phrase } ({ $citation }), which means something else.
http-none = No HTTP counterpart: no HTTP status { $code } means anything like it; SIP defined this code itself.
http-none-6xx = No HTTP counterpart: HTTP has no 6xx class. A 6xx says the request will fail everywhere, so proxies stop forking (RFC 3261 §21.6).

## sipbot invite
invite-intro = Open this address in a browser to add sipbot to a server you manage:
invite-permissions = Permissions asked for: { $what }.
invite-scopes = Scopes: bot (the bot user) and applications.commands (the /sip commands).
invite-perm-view-channel = View Channels
invite-perm-send-messages = Send Messages
invite-perm-send-messages-in-threads = Send Messages in Threads
invite-perm-embed-links = Embed Links
invite-perm-attach-files = Attach Files
invite-perm-read-message-history = Read Message History
invite-error-no-token = no application id: set DISCORD_TOKEN (in .env or the environment) or pass --app-id (the Application ID on the Developer Portal's General Information page)
invite-error-malformed = DISCORD_TOKEN does not look like a bot token: a bot token is three parts separated by dots, the first being the bot's id in base64. Check that it is the token from the Bot page, not the client secret, or pass --app-id
invite-error-bad-id = the application id must be a Discord id (a number of 17 to 20 digits), not { $id }
invite-error-not-a-number = --app-id must be a number of 17 to 20 digits (the Application ID on the Developer Portal's General Information page); what was given is not a number
invite-error-too-long = --app-id has more than 20 digits: a Discord id (the Application ID) has 17 to 20
invite-error-token-as-id = --app-id was given something shaped like a token (parts separated by dots): pass the token as DISCORD_TOKEN, or the Application ID (17 to 20 digits) as --app-id

## Packet captures (pcap, pcapng) and their media
capture-summary = Capture: { $packets } packets over { $seconds } s; { $sip } SIP messages, { $streams } RTP streams.
capture-tls = { $n } packets are TLS (port { $ports }): SIP over TLS is encrypted and no capture can show it. Log the SIP on the server itself (Asterisk `pjsip set logger on`, FreeSWITCH `sofia global siptrace on`, Kamailio or OpenSIPS siptrace), or decrypt with the TLS keys in Wireshark, or test the call over UDP or TCP.
capture-unknown-link = { $n } packets could not be decoded (link type { $types } is not one sipbot reads: Ethernet, Linux cooked SLL/SLL2, raw IP, loopback).
capture-cut-short = The capture ends in the middle of a packet (the file is cut short): sipbot read the { $packets } packets before it.
capture-damaged = The capture is damaged after { $packets } packets: sipbot read what came before.
capture-left-out = To keep memory bounded, { $n } streams or connections beyond sipbot's limits were left out.
capture-tcp-skipped = { $bytes } bytes of TCP could not be put in order (segments missing from the capture) and were skipped.
capture-no-sip = No SIP message in this capture ({ $packets } packets). sipbot reads SIP on any port over UDP, TCP, SCTP and WebSocket; capture where the signalling passes, e.g. `tcpdump -i any -s 0 -w call.pcap port 5060 or udp portrange 10000-20000`.
capture-error-not-capture = This file is not a pcap or pcapng capture.
capture-error-truncated = The capture ends inside its file header: the file is empty or cut short.
capture-error-bad-header = The capture's file header is damaged ({ $detail }): it is not a readable pcap or pcapng file.
media-title = Media (RTP)
media-field-streams = RTP streams
media-stream = { $src } → { $dst }: { $codec }, { $packets } packets, { $lost } lost ({ $percent } %), jitter { $jitter } ms, { $seconds } s
media-stream-dtmf = DTMF { $keys }
media-unannounced = (in no SDP)
media-more-streams = … and { $n } more streams.
media-none = No RTP in this capture.
media-fine = The media looks fine: RTP flows both ways, without loss or jitter people would hear.
media-no-audio = **No audio**: call { $call } was answered, but no RTP went either way in the { $seconds } s captured after the answer (SDP: { $offer } and { $answer }). Check that a firewall lets the RTP ports through and that each side can reach the address the other put in its SDP.
media-one-way = **One-way audio**: { $packets } RTP packets went from { $from } to { $to }, and none came back from { $silent }. The side at { $silent } is not heard: usually NAT (a private address in its SDP), a firewall dropping its RTP, or media sent to a wrong address.
media-elsewhere = **Media sent elsewhere**: { $sender } sent { $packets } RTP packets to { $sentto }, but the other side's SDP announced { $announced }. Typical of NAT: use symmetric RTP (comedia, `rtp_symmetric`, `nat=yes`) or put the right address in the SDP.
media-private-sdp = **NAT**: the SDP announces the private address { $sdp }, but its SIP message came from the public address { $from }. The other side will send media where it cannot arrive: set the external media address (`external_media_address`, `ext-rtp-ip`), use symmetric RTP, or an SBC that rewrites SDP.
media-codec = **Codec not accepted**: the offer had { $offered } and the answer { $answered }: no codec in common, so no audio can flow.
media-codec-used = **Codec not accepted**: RTP is sent as { $used }, which the answer ({ $answered }) did not accept.
media-loss = **Audible loss**: { $src } → { $dst } lost { $lost } of { $expected } packets ({ $percent } %); above about 1 % people hear gaps.
media-jitter = **Audible jitter**: { $src } → { $dst } has a mean jitter of { $mean } ms (at most { $max } ms), more than a playout buffer usually absorbs.
