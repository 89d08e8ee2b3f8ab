# Chuỗi giao diện của sipbot, tiếng Việt. Nội dung catalogue nằm trong các file .toml cùng thư mục.
# Placeholder: { $name }. Giữ nguyên reason phrase và tên header: đó là protocol token.

footer = sipbot · { $citation }
footer-plain = sipbot · Giải thích mã phản hồi SIP

## Các lớp (RFC 3261 §7.2, §21)
class-1xx = Tạm thời
class-2xx = Thành công
class-3xx = Chuyển hướng
class-4xx = Lỗi phía client
class-5xx = Lỗi phía server
class-6xx = Lỗi toàn cục
class-1xx-about = Phản hồi tạm thời (provisional) cho biết request đã được nhận và đang được xử lý. Chúng không bao giờ kết thúc transaction; sau đó vẫn còn một final response (2xx–6xx).
class-2xx-about = Request đã thành công. Với INVITE, UAC xác nhận 2xx bằng một ACK và cuộc gọi được thiết lập.
class-3xx-about = Request cần được gửi tới nơi khác: (các) đích mới nằm trong header `Contact`.
class-4xx-about = Request có vấn đề tại server này (sai cú pháp, thiếu thông tin xác thực, không biết user, bận…). Cùng request đó có thể thành công ở server khác hoặc sau khi được sửa lại.
class-5xx-about = Server không xử lý được một request có vẻ hợp lệ: quá tải, gặp lỗi, hoặc trục trặc với next hop.
class-6xx-about = Server có thông tin dứt khoát về user: request sẽ thất bại ở mọi nơi. Proxy dừng forking và UAC không nên thử các đích khác (RFC 3261 §16.7, §21.6).

final-yes = Final response: kết thúc transaction.
final-no = Tạm thời: chưa phải final response, sau đó vẫn còn một final response.

status-deprecated = ⚠ Không còn khuyến dùng: IANA đánh dấu mã này là deprecated. Các implementation không nên gửi nó nữa nhưng vẫn phải hiểu được nó.
status-obsolete = ⚠ Lỗi thời: được định nghĩa trong RFC 2543, bị bỏ khỏi RFC 3261 và chưa bao giờ được đăng ký với IANA. Stack nào ngày nay còn gửi mã này là stack cũ hoặc không chuẩn.
status-deprecated-short = không còn khuyến dùng
status-obsolete-short = lỗi thời

## Các trường trong phần giải thích một mã
field-when = Khi nào bạn gặp
field-fix = Cách khắc phục
field-retry = Thử lại?
field-class = Lớp
field-sent-by = Thường được gửi bởi
field-defined = Định nghĩa trong
field-q850 = Q.850 (RFC 3398)
field-related = Hay bị nhầm với
field-class-meaning = Ý nghĩa của lớp
field-treated-as = Được xử lý như { $base }
compare-hint = So sánh: `{ $a } vs { $b }`

q850-sip-to-cause = Gateway nhận được { $code } sẽ giải phóng cuộc gọi ISUP với cause { $cause } ({ $name }) — RFC 3398 §8.2.6.1.
q850-footnote-credentials = RFC 3398 §8.2.6.1 (*): gateway có thể cung cấp thông tin xác thực thì NÊN (SHOULD) tự xác thực và tiếp tục cuộc gọi; chỉ gateway không làm được điều đó mới gửi cause 21.
q850-footnote-remedy = RFC 3398 §8.2.6.1 (+): nếu có thể, gateway NÊN (SHOULD) khắc phục lỗi giao thức và thử lại phiên; chỉ khi không thể mới cho phần ISUP của cuộc gọi thất bại.
q850-causes-to-sip = Gateway chuyển cause Q.850 { $causes } thành { $code } — RFC 3398 §7.2.4.1.
q850-none = không có ánh xạ theo RFC 3398

## Mã đúng định dạng nhưng chưa được đăng ký
unregistered-short = { $code } ({ $class } chưa đăng ký)
unregistered-title = { $code }: không phải mã phản hồi SIP đã đăng ký
unregistered-summary = Chưa đăng ký: được xử lý như { $base } ({ $class }).
unregistered-description = { $code } là một mã trạng thái SIP đúng định dạng ({ $class }) nhưng chưa được đăng ký với IANA, nên không RFC nào nói nó có nghĩa gì. RFC 3261 §8.1.3.2: UAC nhận được một mã phản hồi không biết sẽ xử lý nó như mã x00 của lớp đó, ở đây là { $base }. Hãy xem reason phrase và header `Warning` (nếu có) để biết phía gửi muốn nói gì.

## So sánh
compare-title = { $a } vs { $b }
compare-same = Cả hai bên đều là { $code }: không có gì để so sánh. Hãy hỏi về hai mã khác nhau, ví dụ `486 vs 600`.
field-key-difference = Khác biệt chính
field-when-which = Khi nào gặp mã nào
field-facts-of = Dữ kiện về { $code }
gen-provisional-vs-final = { $prov } là phản hồi tạm thời: transaction vẫn tiếp tục và sau đó vẫn còn một final response. { $final } là final response: nó kết thúc transaction.
gen-same-class = Cả hai đều là phản hồi { $class }.
gen-different-class = { $a } là phản hồi { $classa }, còn { $b } là phản hồi { $classb }.
gen-global-vs-branch = { $global } là lỗi toàn cục (global failure): proxy dừng forking và không thử thêm gì nữa. { $branch } chỉ làm thất bại nhánh hoặc server này: các đích khác vẫn có thể thành công.
gen-senders = { $a } thường đến từ { $sendersa }; { $b } thì từ { $sendersb }.
gen-retry = Sau { $a }: { $retrya }. Sau { $b }: { $retryb }.
gen-retry-same = Sau cả hai mã: { $retry }.
gen-q850-same = Qua PSTN gateway, cả hai đều thành cause Q.850 { $cause } (RFC 3398).
gen-q850-both = Qua PSTN gateway, { $a } thành cause Q.850 { $causea }, còn { $b } thành cause { $causeb } (RFC 3398).
gen-q850-one = Qua PSTN gateway, { $code } thành cause Q.850 { $cause }; RFC 3398 không đưa ra cause nào cho { $other }.

## Các kiểu thử lại
retry-not-applicable = không phải lỗi, không có gì để thử lại
retry-redirect = gửi lại request tới (các) đích trong `Contact`
retry-credentials = thử lại kèm thông tin xác thực cho challenge
retry-modify = chỉ thử lại sau khi đã sửa request theo đúng những gì response yêu cầu
retry-later = cùng request đó có thể thành công sau; hãy tuân thủ `Retry-After`
retry-elsewhere = thử server hoặc tuyến khác
retry-no-retry = đừng thử lại nguyên như cũ: hãy xử lý nguyên nhân trước
retry-stop = lỗi toàn cục: dừng lại, không thử đích nào khác

## Bên gửi
sender-uas = UAS (thiết bị bị gọi)
sender-proxy = proxy
sender-registrar = registrar
sender-redirect-server = server chuyển hướng (redirect server)
sender-gateway = gateway PSTN
sender-b2bua = B2BUA / PBX
sender-sbc = SBC
sender-carrier = nhà mạng (carrier)
sender-notifier = bên thông báo sự kiện (notifier)
sender-any = bất kỳ phần tử SIP nào

## Q.850
cause-title = Cause Q.850 { $cause }: { $name }
field-q850-class = Lớp Q.850
field-cause-to-sip = Chuyển sang SIP thành (RFC 3398 §7.2.4.1)
field-sip-to-cause = Các SIP response được ánh xạ tới cause này (RFC 3398 §8.2.6.1)
q850-16-to-sip = Không có mã phản hồi: khi giải phóng bình thường, cuộc gọi SIP kết thúc bằng BYE hoặc CANCEL (RFC 3398 §7.2.4.1).
q850-no-sip = RFC 3398 không liệt kê mã SIP nào cho cause này, nên áp dụng mặc định: 500 Server Internal Error (RFC 3398 §7.2.4.1). Một số gateway dùng bảng riêng của chúng.
q850-22-note = 301 khi bản tin release mang số mới, ngược lại là 410 (RFC 3398 §7.2.4.1).
field-hangup-names = Tên trong log của PBX
hangup-named = `{ $name }` là tên { $product } đặt cho cause này (giá trị { $value } trong { $table }).
hangup-title = Hangup cause { $name } của { $product }
hangup-no-q850 = Không phải cause Q.850: { $value } là số riêng của { $product } cho tên này ({ $table }), và Q.850 không định nghĩa cause nào có giá trị đó.
hangup-in-log = { $product } đã ghi hangup cause `{ $name }` ({ $meaning }): { $line }
hangup-in-log-q850 = cause Q.850 { $cause }, { $cause_name }
hangup-in-log-own = giá trị riêng { $value } của { $product }, không có cause Q.850
q850-class-normal-event = Sự kiện bình thường
q850-class-resource-unavailable = Tài nguyên không khả dụng
q850-class-service-or-option-not-available = Dịch vụ hoặc tùy chọn không khả dụng
q850-class-service-or-option-not-implemented = Dịch vụ hoặc tùy chọn không được hỗ trợ
q850-class-invalid-message = Bản tin không hợp lệ
q850-class-protocol-error = Lỗi giao thức
q850-class-interworking = Liên mạng (interworking)
not-a-cause-title = Không phải cause Q.850: { $input }
what-is-a-cause = Giá trị cause Q.850 là các số từ 1 đến 127 mà mạng điện thoại (ISDN, ISUP, và SIP qua `Reason: Q.850;cause=N`) đưa ra để cho biết vì sao cuộc gọi kết thúc. Giá trị này không được định nghĩa trong ITU-T Q.850. Hãy thử ví dụ `q850 17` (thuê bao bận) hoặc `q850 34` (không còn mạch trống).

## Warn-code
warning-title = Warning { $code }: { $text }

## Reason: SIP;cause=
reason-sip-title = Reason: SIP;cause={ $code }
reason-sip-200 = Cuộc gọi đã được trả lời ở nơi khác: CANCEL có `Reason: SIP;cause=200` báo cho một máy đang đổ chuông rằng cuộc gọi đã được nhấc máy ở một nhánh khác (200 OK của RFC 3261 §21.2.1), nên không hiện là cuộc gọi nhỡ. Header Reason (RFC 3326 §2) cho biết vì sao một yêu cầu kết thúc; nó không phải là một phản hồi, và không có gì bị lỗi.
reason-sip-other = Yêu cầu kết thúc vì phản hồi { $phrase }: header Reason (RFC 3326 §2) mang mã phản hồi SIP đã khiến CANCEL hoặc BYE được gửi. Bản thân nó không phải là một phản hồi.

## Tìm kiếm và lỗi
search-title = Tìm kiếm: { $query }
search-none = Không có kết quả nào khớp với “{ $query }”. Hãy thử một từ trong reason phrase (busy, auth, timeout, codec) hoặc một mã (486).
field-did-you-mean = Có phải bạn muốn tìm
field-try = Hãy thử
try-examples = `486` · `busy here` · `SIP/2.0 486 Busy Here` · `486 vs 600` · `q850 17`
not-a-code-title = Không phải mã phản hồi SIP: { $input }
what-is-a-code = Mã phản hồi SIP là một số có ba chữ số, từ 100 đến 699, nằm ở đầu một SIP response, như trong `SIP/2.0 486 Busy Here`. Chữ số đầu tiên là lớp của nó: 1xx tạm thời, 2xx thành công, 3xx chuyển hướng, 4xx lỗi phía client, 5xx lỗi phía server, 6xx lỗi toàn cục (RFC 3261 §7.2, §21).
not-understood = sipbot không tìm thấy mã phản hồi SIP, phép so sánh hay cause Q.850 nào trong đó.

## Trợ giúp
help-title = sipbot: giải thích mã phản hồi SIP
help-description = sipbot giải thích mã phản hồi SIP, cause Q.850 và sự khác nhau giữa các mã hay bị nhầm lẫn, dựa trên một catalogue duy nhất đã được đối chiếu với các RFC.
help-ask-name = Hỏi
help-ask = `486` · `busy here` · `486 vs 600` · `difference between 401 and 407` · `q850 17` · `SIP/2.0 503 Service Unavailable`
help-paste-name = Dán
help-paste = Status line, cả SIP trace và header `Reason: Q.850;cause=…`: sipbot tìm các mã trong đó và giải thích chúng.
help-commands-name = Lệnh
help-commands = `/sip code` · `/sip vs` · `/sip search` · `/sip class` · `/sip q850` · `/sip help`

## Console và dòng lệnh
console-welcome = Console sipbot: gõ bất cứ thứ gì bạn sẽ viết trong chat (`486`, `486 vs 600`, `q850 17`, một status line dán vào). Một dòng trống hoặc hết input thì thoát.
console-no-token = Chưa cấu hình Discord token (DISCORD_TOKEN), nên sipbot mở console thay cho bot. Để chạy bot, hãy sao chép .env.example thành .env và đặt DISCORD_TOKEN.
console-nothing = Không có gì dành cho sipbot ở đó: không có mã phản hồi SIP, phép so sánh hay cause Q.850 nào.
and-more = …và { $n } mục nữa

## Tự động giải thích (trả lời các tin nhắn có mã SIP)
auto-title = Các mã SIP trong tin nhắn này
auto-footer = sipbot · Bấm Chi tiết để xem giải thích đầy đủ
auto-compare-generic = { $a } và { $b } khác nhau thế nào
auto-q850-line = **Q.850 { $cause }** { $name } → mã SIP { $code }
auto-q850-line-unmapped = **Q.850 { $cause }** { $name } (RFC 3398 không ánh xạ sang mã SIP)
button-details = Chi tiết
button-delete = Xoá
delete-refused = Chỉ tác giả của tin nhắn gốc, hoặc thành viên có quyền quản lý tin nhắn, mới xoá được câu trả lời này.
details-gone = Câu trả lời này không còn mục nào sipbot giải thích được.
command-failed = Đã có lỗi khi trả lời; lỗi đã được ghi log. Vui lòng thử lại.

bad-options = sipbot không hiểu các tuỳ chọn đó; có thể Discord của bạn đang hiển thị phiên bản lệnh cũ. Hãy khởi động lại Discord, hoặc thử `/sip help`.

## Lệnh slash: mô tả (tối đa 100 ký tự mỗi dòng). Tên lệnh giữ nguyên tiếng Anh.
cmd-sip = Giải thích các mã phản hồi SIP
cmd-sip-code = Giải thích một mã phản hồi SIP
cmd-sip-code-query = Một mã (486), một reason phrase (busy here) hoặc từ khoá
cmd-sip-vs = So sánh hai mã phản hồi SIP cạnh nhau
cmd-sip-vs-a = Mã thứ nhất
cmd-sip-vs-b = Mã thứ hai
cmd-sip-search = Tìm mã theo từ khoá: busy, auth, timeout, codec…
cmd-sip-search-text = Từ khoá cần tìm
cmd-sip-class = Liệt kê các mã của một lớp
cmd-sip-class-class = Lớp mã: từ 1xx đến 6xx
cmd-sip-q850 = Giải mã một cause Q.850 và mã SIP tương ứng
cmd-sip-q850-cause = Giá trị cause, từ 1 đến 127
cmd-sip-help = sipbot làm gì và cách dùng
cmd-explain_message-menu = Giải thích mã SIP
## SIP trace được dán vào: tiêu đề, các trường và quyền riêng tư
trace-title = Trace SIP: { $method } { $outcome }
trace-title-call = Cuộc gọi { $n }/{ $total }: { $method } { $outcome }
trace-field-participants = Các bên tham gia
trace-field-evidence = Căn cứ
trace-field-codes = Các mã phản hồi trong cuộc gọi này
trace-field-privacy = Quyền riêng tư
trace-privacy-digest = ⚠ Nội dung bạn dán có { $n ->
    [one] một dòng Authorization digest
   *[other] { $n } dòng Authorization digest
} (nonce và response): đủ để dò ra một mật khẩu yếu ở chế độ offline. Bạn nên cân nhắc xoá tin nhắn và chia sẻ lại một bản đã che thông tin (`sipbot trace --redact`).
trace-privacy-password = ⚠ Nội dung bạn dán có { $n ->
    [one] một dòng
   *[other] { $n } dòng
} trông giống mật khẩu hoặc chuỗi bí mật. Hãy xoá tin nhắn và đổi mật khẩu đó.
trace-redacted = Bản đã che thông tin: số điện thoại, user và địa chỉ IP đều đã được ẩn.
trace-truncated = Đoạn dán quá dài: sipbot chỉ giữ { $kept } bản tin SIP đầu tiên trong số { $seen } và { $calls } trong số { $callsseen } cuộc gọi.
trace-more-calls = { $n ->
    [one] Còn một cuộc gọi nữa trong đoạn dán không được hiển thị.
   *[other] Còn { $n } cuộc gọi nữa trong đoạn dán không được hiển thị.
}
trace-dropped = { $n } bản tin sau đó của cuộc gọi này đã bị lược bỏ.
trace-none = Không tìm thấy SIP trace nào. sipbot cần các bản tin SIP — một request line hoặc status line, theo sau là các header của nó (Via, Call-ID, CSeq…) — đúng như sngrep, Asterisk, FreeSWITCH, Kamailio, OpenSIPS, ngrep, tcpdump -A hay SIPp in ra.
trace-calls-found = { $n ->
    [one] Tìm thấy một cuộc gọi (Call-ID).
   *[other] Tìm thấy { $n } cuộc gọi (Call-ID).
}

## Các bên tham gia và vai trò
trace-role-caller = bên gọi
trace-role-callee = bên bị gọi
trace-role-proxy = proxy
trace-role-client = phía client
trace-role-registrar = registrar
trace-role-server = phía server
trace-log-host = máy đã ghi ra log này
trace-log-host-unknown = máy đã ghi ra log này (không hiển thị địa chỉ)
trace-unknown-address = địa chỉ không có trong trace

## Sơ đồ ladder
trace-ladder-repeat = { $label } ×{ $n }
trace-ladder-retrans = { $label } (lại)
trace-ladder-elided = … { $n } bản tin nữa …

## Kết quả, dạng ngắn (tiêu đề)
trace-short-answered = được trả lời
trace-short-busy = bận ({ $code })
trace-short-rejected = bị từ chối ({ $code })
trace-short-cancelled = bị huỷ
trace-short-timed-out = hết thời gian chờ
trace-short-unfinished = không có final response
trace-short-redirected = bị chuyển hướng ({ $code })
trace-short-challenged = cần xác thực ({ $code })
trace-short-wrong-credentials = sai thông tin xác thực (lặp { $code })
trace-short-forbidden-after-auth = bị cấm sau khi đã xác thực (403)
trace-short-media-mismatch = media bị từ chối ({ $code })
trace-short-glare = xung đột glare (491)
trace-short-session-timer = session timer quá ngắn (422)
trace-short-registered = đã đăng ký
trace-short-unregistered = đã huỷ đăng ký
trace-short-completed = thành công ({ $code })
trace-short-unknown = chỉ có response

## Kết quả, dạng đầy đủ
trace-answered = **Được trả lời**: { $by } đã trả lời bằng { $code }.
trace-hangup = { $by } gác máy (gửi BYE).
trace-no-bye = Trace không có BYE: đến chỗ đoạn dán kết thúc, cuộc gọi vẫn đang diễn ra.
trace-busy = **Bận**: { $by } trả lời { $code }.
trace-rejected = **Bị từ chối**: { $by } trả lời { $method } bằng { $code }.
trace-registration-failed = **Đăng ký thất bại**: { $by } trả lời { $code }.
trace-cancelled = **Bị huỷ**: { $by } gửi CANCEL trước khi cuộc gọi được trả lời.
trace-cancelled-487 = Sau đó INVITE kết thúc bằng { $code }, đúng như phải xảy ra sau một CANCEL.
trace-cancelled-unseen = **Bị huỷ**: INVITE kết thúc bằng { $code }, response cho một request đã bị một CANCEL hoặc BYE chấm dứt trước khi được trả lời (RFC 3261 §21.4.26); CANCEL đó không có trong đoạn dán.
trace-mentioned = Đoạn dán còn nhắc tới { $codes }, ngoài các message của trace (trong câu văn hoặc phần cấu hình).
trace-timeout-408 = **Hết thời gian chờ**: { $by } trả lời { $method } bằng { $code }: next hop hoặc thiết bị bị gọi không trả lời kịp.
trace-timeout-none = **Hết thời gian chờ**: { $method } không nhận được response nào ({ $n ->
    [one] đã gửi một lần
   *[other] đã gửi { $n } lần
}). Hãy kiểm tra tuyến, firewall và NAT trên đường đi, và xem đầu bên kia có đang lắng nghe đúng địa chỉ, port và transport đó không.
trace-unfinished = **Không có final response** cho { $method } trong trace: response cuối cùng là { $code }. Có thể đoạn dán dừng lại trước khi cuộc gọi kết thúc.
trace-redirected = **Bị chuyển hướng**: { $by } trả lời { $code }; đích mới: { $contacts }.
trace-redirected-none = **Bị chuyển hướng**: { $by } trả lời { $code } nhưng không kèm Contact nào để đi theo.
trace-challenged = **Cần xác thực**: { $by } gửi challenge cho { $method } bằng { $code }, và trace không cho thấy lần thử lại nào kèm thông tin xác thực.
trace-wrong-credentials = **Sai thông tin xác thực**: { $method } đã được gửi lại kèm thông tin xác thực nhưng { $by } lại challenge tiếp bằng { $code } (tổng cộng { $n } lần challenge). Username, mật khẩu hoặc realm bị sai.
trace-forbidden-after-auth = **Bị cấm sau khi đã xác thực**: { $method } đã mang thông tin xác thực mà { $by } vẫn trả lời 403 Forbidden. Nhiều khả năng mật khẩu đúng: tài khoản bị vô hiệu hoá, không được phép gọi tới đích này, hoặc một rule theo IP hay ACL đang chặn nó.
trace-media = **Media bị từ chối**: { $by } trả lời { $code }: nó không chấp nhận media nào trong số được offer.
trace-offer = Offer từ { $by }: { $media }
trace-answer = Phía bên kia ({ $by }): { $media }
trace-no-sdp = không có SDP
trace-common-none = Không có codec chung: hãy cho phép một trong các codec đã offer ở phía bên kia, hoặc transcode.
trace-common = Codec chung: { $codecs }. Vậy chỗ không khớp nằm ở nơi khác: transport (RTP/AVP hay RTP/SAVP), ptime, hoặc một media line khác (video, T.38).
trace-answer-missing = Trace không có SDP từ phía bên kia: hãy so sánh offer với các codec được cho phép trên { $by } và các chặng phía sau.
trace-accept = { $by } chấp nhận: { $accept }
trace-glare = **Xung đột (glare)**: cả hai bên cùng lúc gửi INVITE trong cùng một dialog và { $by } trả lời 491 Request Pending. Mỗi bên sẽ thử lại sau một khoảng chờ ngẫu nhiên (RFC 3261 §14.1). { $answered ->
    [yes] Bản thân cuộc gọi đã được trả lời.
   *[no] Cuộc gọi chưa được trả lời.
}
trace-session-timer = **Session interval quá nhỏ**: { $by } trả lời 422 và yêu cầu tối thiểu { $minse } s (Min-SE); INVITE đưa ra { $se } s (Session-Expires). Hãy gửi lại INVITE với Session-Expires không nhỏ hơn Min-SE.
trace-registered = **Đã đăng ký**: { $by } chấp nhận đăng ký trong { $expires } s.
trace-registered-no-expiry = **Đã đăng ký**: { $by } chấp nhận đăng ký.
trace-unregistered = **Đã huỷ đăng ký**: { $by } chấp nhận gỡ bỏ đăng ký (Expires 0).
trace-completed = **{ $method } thành công**: { $by } trả lời { $code }.
trace-unknown = Chỉ có response: trace không cho thấy request mà chúng trả lời.

## Căn cứ
trace-authenticated = Request đã đi qua được sau một challenge { $code }.
trace-message-ref = { $label } từ { $by }
trace-reason-q850 = Reason trong { $msg }: cause Q.850 { $cause } ({ $name }).
trace-reason-sip = Reason trong { $msg }: cause SIP { $name }.
trace-reason-other = Reason trong { $msg }: cause { $protocol } { $cause }.
trace-unknown-cause = không phải cause Q.850
trace-with-text = { $line } Nội dung: “{ $text }”.
trace-warning = Warning { $code } trong { $msg }, từ { $agent }: “{ $text }”. { $meaning }
trace-retry-after = Retry-After trong { $msg }: thử lại sau { $seconds } s.

# Dòng log đọc thành sự kiện, phần trace không cho thấy, chẩn đoán, bước kiểm tra tiếp.
trace-unfinished-none = **Không có response** cho { $method } trong trace: trace dừng lại trước khi có response.
trace-unknown-party = đầu bên kia
trace-some-request = request (không rõ method)
trace-log-asterisk = log Asterisk
trace-log-freeswitch = log FreeSWITCH
trace-log-pjsip = log PJSIP
trace-log-sipp = màn hình SIPp
trace-log-wireshark = danh sách gói tin
trace-log-baresip = log baresip
trace-log-kamailio = log Kamailio/OpenSIPS
trace-log-janus = log plugin SIP của Janus
trace-log-ladder = sơ đồ cuộc gọi vẽ bằng chữ
trace-log-start-line = dòng trạng thái
trace-log-other = dòng log
trace-log-prose = lời trong đoạn dán
trace-no-call-id = đoạn dán không có Call-ID
trace-log-app = log ứng dụng SIP
trace-log-evidence = Căn cứ ({ $source }): { $line }
trace-gap-no-request = Trace không cho thấy { $method } mà các response này trả lời: ai đã gửi nó, và lúc nào, không có trong đoạn dán.
trace-gap-no-invite = Trace không cho thấy INVITE đã bị huỷ.
trace-gap-expected = Kịch bản đã chờ { $label } nhưng nó không bao giờ đến.
trace-gap-no-directions = Các dòng log này không nói ai gửi message nào cho ai, nên cuộc gọi được vẽ thành dòng thời gian.
trace-gap-stated-only = Đoạn dán chỉ có những dòng nêu response, không có chính các message SIP: request mà chúng trả lời, header của chúng, và ai gửi cho ai đều không được thể hiện, nên các dòng được vẽ thành dòng thời gian theo thứ tự được ghi.
trace-diag-reason-mismatch = **Reason và mã không khớp**: { $msg } mang cause Q.850 { $cause } ({ $name }), nhưng RFC 3398 §8.2.6.1 ánh xạ { $code } sang cause { $expected } ({ $ename }), và §7.2.4.1 biến cause { $cause } thành { $codes }. Một trong hai được đặt bằng tay hoặc theo bảng của gateway: hãy xem bên nào đã ghi nó.
trace-diag-reason-mismatch-none = **Reason và mã không khớp**: { $msg } mang cause Q.850 { $cause } ({ $name }), nhưng RFC 3398 §8.2.6.1 ánh xạ { $code } sang cause { $expected } ({ $ename }), và §7.2.4.1 không có response nào cho cause { $cause }. Một trong hai được đặt bằng tay hoặc theo bảng của gateway: hãy xem bên nào đã ghi nó.
trace-diag-answered-elsewhere = **Đã được trả lời ở nơi khác**: { $msg } mang `Reason: SIP;cause=200`: một thiết bị khác đã nhận cuộc gọi nên thiết bị này bị huỷ (RFC 3326 §2). Đây không phải cuộc gọi nhỡ.
trace-diag-timeout-past-first-hop = **Hết thời gian chờ sau chặng đầu**: { $trying } cho thấy chặng kế tiếp đã nhận request; 408 trong { $msg } nghĩa là một chặng phía sau nó không bao giờ trả lời (RFC 3261 §16.8, §17.1.1.2). Hãy xem tuyến từ chặng đó tới thiết bị được gọi, không phải đường của bên gọi.
trace-diag-no-dialog = **Dialog không còn**: { $msg } trả lời một { $method } trong một dialog mà phía bên kia không còn giữ (RFC 3261 §12.2.2): nó đã kết thúc cuộc gọi hoặc khởi động lại, hoặc request đã đi theo tuyến khác (Record-Route, NAT).
trace-next-busy = Kiểm tra tiếp: thiết bị được gọi có thật sự đang có cuộc gọi không, hay bị giới hạn một cuộc gọi (tắt call waiting).
trace-next-server = Kiểm tra tiếp: log của bên đã gửi 5xx (trunk hoặc gateway bị down, quá tải, không có tuyến); Retry-After cho biết khi nào thử lại.
trace-next-not-found = Kiểm tra tiếp: số như đã được gửi đi (prefix, định dạng E.164) và dial plan của bên đã trả lời.
trace-next-timeout = Kiểm tra tiếp: request có tới được chặng kế tiếp không (firewall, NAT, DNS, UDP hay TCP), rồi tới log của chính chặng đó.
trace-next-challenged = Kiểm tra tiếp: một request sau đó có Authorization hoặc Proxy-Authorization không; nếu không có, client không có thông tin xác thực cho realm này.
trace-next-wrong-credentials = Kiểm tra tiếp: username xác thực (không phải lúc nào cũng là số máy lẻ), mật khẩu và realm đặt trên client.
trace-next-media = Kiểm tra tiếp: các codec được cho phép ở mỗi bên, và mọi yêu cầu về SRTP hay transport (RTP/AVP so với RTP/SAVP).
trace-next-unfinished = Kiểm tra tiếp: một bản capture dài hơn; final response đến sau hoặc đã bị mất.

## Tệp và trace được dán
cmd-sip-trace = Phân tích trace hoặc log SIP: đính kèm tệp, hoặc để trống để dán
cmd-sip-trace-file = Một log dạng text (.txt, .log, .sip, .out); để trống để dán
button-redacted = Bản đã che
paste-title = Dán một trace SIP
paste-label = Các bản tin SIP hoặc dòng log
paste-placeholder = INVITE sip:… SIP/2.0 … hoặc output của sngrep, pjsip logger, sofia siptrace…
file-not-text = { $file }: không phải tệp text. sipbot đọc log dạng text (.txt, .log, .sip, .out); với bản capture, hãy xuất ra text trước (sngrep, tshark -V, ngrep).
file-too-large = { $file } có dung lượng { $size } MiB; sipbot chỉ đọc tệp tối đa { $max } MiB. Hãy cắt log chỉ còn các cuộc gọi cần xem (grep theo Call-ID) rồi thử lại.
file-binary = { $file } có vẻ là tệp nhị phân, không phải log text. Với tệp .pcap, hãy xuất các bản tin SIP ra text trước (sngrep, tshark -V, ngrep).
file-unreadable = Không tải được { $file } từ Discord; vui lòng thử lại.
analysis-timeout = Phân tích mất quá nhiều thời gian; hãy thử một đoạn ngắn hơn (một cuộc gọi).

## Cài đặt, ghi chú nhóm và thống kê (/sip settings, /sip note, /sip stats)
guild-only = Lệnh này chỉ dùng được trong server, không dùng được trong tin nhắn riêng.
settings-refused = Chỉ thành viên có quyền Quản lý máy chủ (Manage Server) mới đổi được cài đặt của sipbot.
settings-title = Cài đặt sipbot của server này
settings-auto = Tự động giải thích
settings-auto-off = tắt: không tự động giải thích
settings-auto-strict = chặt: mã có ngữ cảnh SIP rõ ràng
settings-auto-loose = lỏng: cả mã đứng riêng gần các từ về SIP
settings-channels = Kênh có chế độ riêng
settings-language = Ngôn ngữ
settings-language-auto = tự động: theo ngôn ngữ Discord của từng người đọc; theo ngôn ngữ của server khi tự động giải thích
settings-cooldown = Thời gian chờ
settings-cooldown-value = { $minutes } phút trước khi cùng một mã được tự động giải thích lại trong một kênh
settings-max-items = Số mục mỗi câu trả lời tự động
settings-note-editors = Ai được sửa ghi chú nhóm
settings-note-editors-value = Thành viên có quyền Quản lý máy chủ
settings-note-editors-role = Thành viên có quyền Quản lý máy chủ, hoặc có vai trò { $role }
settings-saved = Đã lưu: cài đặt mới có hiệu lực ngay.
store-failed = Cơ sở dữ liệu của sipbot hiện không dùng được nên chưa có gì thay đổi. Hãy thử lại sau.
settings-reset-title = Xoá toàn bộ dữ liệu của sipbot cho server này?
settings-reset-body = Cài đặt, ghi chú nhóm và thống kê của server này sẽ bị xoá. Không thể hoàn tác.
button-reset-confirm = Xoá tất cả
button-reset-cancel = Huỷ
settings-reset-done = Xong: dữ liệu của sipbot cho server này đã bị xoá, các giá trị mặc định được áp dụng lại.
settings-reset-cancelled = Đã huỷ: không có gì bị xoá.
note-field = Ghi chú nhóm
note-refused = Chỉ thành viên có quyền Quản lý máy chủ, hoặc có vai trò ghi chú đặt bằng `/sip settings note-role`, mới sửa được ghi chú nhóm.
note-saved = Đã lưu ghi chú nhóm cho { $code }: ghi chú hiện trên phần giải thích { $code } trong server này.
note-removed = Đã xoá ghi chú nhóm của { $code }.
note-none = { $code } chưa có ghi chú nhóm nào.
note-too-long = Ghi chú nhóm dài tối đa { $max } ký tự.
note-empty = Ghi chú nhóm không được để trống.
notes-title = Ghi chú nhóm trong server này
notes-empty = Chưa có ghi chú nhóm nào: thêm bằng `/sip note set`.
stats-title = Các mã được giải thích nhiều nhất, { $days } ngày qua
stats-empty = Không có mã nào được giải thích trong server này trong { $days } ngày qua.
stats-total = Tổng cộng { $n } lần giải thích.
stats-footer = Chỉ đếm số: sipbot không bao giờ lưu nội dung tin nhắn hay người gửi.
stats-chart-title = Số lần giải thích theo mã, { $days } ngày qua

## Mô tả các lệnh cài đặt, ghi chú và thống kê
cmd-sip-settings = Cài đặt sipbot cho server này (Quản lý máy chủ)
cmd-sip-settings-show = Xem cài đặt của server này
cmd-sip-settings-auto = Tự động giải thích cho cả server hoặc một kênh: tắt, chặt hoặc lỏng
cmd-sip-settings-auto-mode = off (tắt), strict (ngữ cảnh SIP rõ) hoặc loose (cả mã đứng riêng)
cmd-sip-settings-auto-channel = Chỉ kênh này (mặc định: cả server)
cmd-sip-settings-language = Ngôn ngữ trả lời của sipbot trong server này
cmd-sip-settings-language-lang = auto (theo từng người đọc), en hoặc vi
cmd-sip-settings-cooldown = Số phút trước khi một mã được tự động giải thích lại trong một kênh
cmd-sip-settings-cooldown-minutes = Từ 0 đến 1440 phút
cmd-sip-settings-max-items = Số mục tối đa trong một câu trả lời tự động
cmd-sip-settings-max-items-n = Từ 1 đến 10
cmd-sip-settings-note-role = Vai trò được sửa ghi chú nhóm, ngoài quyền Quản lý máy chủ
cmd-sip-settings-note-role-role = Vai trò (bỏ trống để gỡ)
cmd-sip-settings-reset = Xoá toàn bộ dữ liệu của sipbot cho server này (có hỏi lại)
cmd-sip-note = Ghi chú nhóm cho các mã, chỉ hiện trong server này
cmd-sip-note-set = Thêm hoặc thay ghi chú nhóm cho một mã
cmd-sip-note-set-code = Mã, ví dụ 403
cmd-sip-note-set-text = Nội dung ghi chú, tối đa 500 ký tự
cmd-sip-note-remove = Xoá ghi chú nhóm của một mã
cmd-sip-note-remove-code = Mã, ví dụ 403
cmd-sip-note-list = Liệt kê ghi chú nhóm của server này
cmd-sip-stats = Các mã được giải thích nhiều nhất trong server này, kèm biểu đồ
cmd-sip-stats-days = Khoảng thời gian: 7, 30 hoặc 90 ngày

## Header fields (/sip header, `sipbot explain Via`)
header-title = Header { $name }
header-asked-compact = `{ $value }` là dạng viết gọn (compact form) của `{ $name }`: hai tên chỉ cùng một header (RFC 3261 §7.3.3).
field-header-who = Ai thêm hoặc sửa nó
field-header-pitfalls = Trục trặc thường gặp
field-header-compact = Dạng viết gọn
field-header-appears = Xuất hiện trong
field-header-related = Nên đọc cùng
header-compact-none = không có
header-in-requests = Request
header-in-responses = Response
header-in-both = Request và response
not-a-header-title = “{ $text }” không phải header mà sipbot biết
not-a-header = sipbot giải thích { $n } header SIP: các header trong RFC 3261 §20 và các extension gặp hằng ngày (Reason, Session-Expires, P-Asserted-Identity, Diversion, Identity…). Hãy gõ tên đầy đủ hoặc dạng viết gọn như `v` hay `i`.
cmd-sip-header = Giải thích một header SIP: Via, Record-Route, Contact, hoặc dạng viết gọn như i hay m
cmd-sip-header-name = Tên header hoặc dạng viết gọn: Via, Record-Route, i, m…

field-story-headers = Các header liên quan
story-header-nat = Sau NAT: `Via` trên cùng ghi { $sentby }, nhưng server thấy request đến từ { $received } (RFC 3261 §18.2.1).
story-header-no-rport = `Via` của request không có `rport`, nên qua UDP câu trả lời được gửi tới cổng ghi trong `Via`, cổng mà NAT có thể không mở (RFC 3261 §18.2.2, RFC 3581).
story-header-private-contact = `Contact` chứa địa chỉ riêng { $host }: các request gửi tới đó sau này (BYE, cuộc gọi đến) chỉ tới được điện thoại khi proxy hoặc SBC còn giữ NAT binding của nó.
story-header-no-record-route = INVITE đã đi qua một proxy (`Via` có { $vias } giá trị), nhưng cả nó lẫn 2xx đều không có `Record-Route`: proxy đã rời khỏi dialog, nên BYE và re-INVITE đi thẳng tới `Contact` của phía bên kia (RFC 3261 §12.1, §16.6 bước 4). Lỗi 481 cho một request như vậy thường có nghĩa là nó tới một thành phần không thuộc dialog: cho proxy record-route nếu nó cần ở lại trên đường đi, hoặc kiểm tra điện thoại gửi các request trong dialog tới đâu.
story-header-no-session-refresh = 200 OK đặt session timer { $interval } giây{ $refresher ->
    [none] {""}
   *[other] , bên làm mới là { $refresher }
}, nhưng không có re-INVITE hay UPDATE nào làm mới nó trước BYE, { $after } giây sau. Bên làm mới phải làm mới ở nửa khoảng thời gian, và bên không thấy lần làm mới nào sẽ kết thúc cuộc gọi khi phiên hết hạn (RFC 4028 §10): kiểm tra bên làm mới có gửi các lần làm mới và chúng có tới nơi không, hoặc tắt session timer ở nơi yêu cầu nó.

## The HTTP side of a code
field-http = So với HTTP
http-borrowed = Lấy từ HTTP: HTTP { $code } { $phrase } ({ $citation }).
http-clash = Trùng số với HTTP { $code } { $phrase } ({ $citation }), nhưng mang nghĩa khác.
http-none = Không có mã HTTP tương ứng: không mã trạng thái HTTP { $code } nào mang nghĩa tương tự; SIP tự định nghĩa mã này.
http-none-6xx = Không có mã HTTP tương ứng: HTTP không có lớp 6xx. Mã 6xx nói request sẽ thất bại ở mọi nơi, nên proxy ngừng fork (RFC 3261 §21.6).

## sipbot invite
invite-intro = Mở địa chỉ này trong trình duyệt để thêm sipbot vào một server bạn quản lý:
invite-permissions = Các quyền được yêu cầu: { $what }.
invite-scopes = Scope: bot (tài khoản bot) và applications.commands (các lệnh /sip).
invite-perm-view-channel = Xem kênh (View Channels)
invite-perm-send-messages = Gửi tin nhắn (Send Messages)
invite-perm-send-messages-in-threads = Gửi tin nhắn trong chủ đề (Send Messages in Threads)
invite-perm-embed-links = Nhúng liên kết (Embed Links)
invite-perm-attach-files = Đính kèm tệp (Attach Files)
invite-perm-read-message-history = Đọc lịch sử tin nhắn (Read Message History)
invite-error-no-token = không có application id: hãy đặt DISCORD_TOKEN (trong .env hoặc biến môi trường) hoặc dùng --app-id (Application ID ở trang General Information của Developer Portal)
invite-error-malformed = DISCORD_TOKEN không giống token của bot: token bot gồm ba phần cách nhau bằng dấu chấm, phần đầu là id của bot mã hoá base64. Hãy kiểm tra đó là token ở trang Bot, không phải client secret, hoặc dùng --app-id
invite-error-bad-id = application id phải là một id Discord (một số có 17 đến 20 chữ số), không phải { $id }
invite-error-not-a-number = --app-id phải là một số có 17 đến 20 chữ số (Application ID ở trang General Information của Developer Portal); giá trị đã nhập không phải là số
invite-error-too-long = --app-id có hơn 20 chữ số: một id Discord (Application ID) có 17 đến 20 chữ số
invite-error-token-as-id = --app-id nhận được thứ có dạng token (các phần cách nhau bằng dấu chấm): hãy đặt token vào DISCORD_TOKEN, hoặc truyền Application ID (17 đến 20 chữ số) cho --app-id

## Bản ghi gói tin (pcap, pcapng) và media
capture-summary = Bản ghi: { $packets } gói tin trong { $seconds } giây; { $sip } bản tin SIP, { $streams } luồng RTP.
capture-tls = { $n } gói tin là TLS (cổng { $ports }): SIP qua TLS đã được mã hoá, không bản ghi nào cho thấy được. Hãy ghi log SIP ngay trên máy chủ (Asterisk `pjsip set logger on`, FreeSWITCH `sofia global siptrace on`, siptrace của Kamailio hoặc OpenSIPS), hoặc giải mã bằng khoá TLS trong Wireshark, hoặc thử cuộc gọi qua UDP hay TCP.
capture-unknown-link = { $n } gói tin không giải mã được (sipbot không đọc loại liên kết { $types }; sipbot đọc Ethernet, Linux cooked SLL/SLL2, IP thô, loopback).
capture-cut-short = Bản ghi kết thúc giữa chừng một gói tin (tệp bị cắt cụt): sipbot đã đọc { $packets } gói tin trước đó.
capture-damaged = Bản ghi bị hỏng sau { $packets } gói tin: sipbot đã đọc phần trước đó.
capture-left-out = Để giới hạn bộ nhớ, { $n } luồng hoặc kết nối vượt quá giới hạn của sipbot đã bị bỏ qua.
capture-tcp-skipped = { $bytes } byte TCP không sắp xếp lại được (bản ghi thiếu segment) và đã bị bỏ qua.
capture-no-sip = Không có bản tin SIP nào trong bản ghi này ({ $packets } gói tin). sipbot đọc SIP trên mọi cổng qua UDP, TCP, SCTP và WebSocket; hãy ghi ở nơi tín hiệu đi qua, ví dụ `tcpdump -i any -s 0 -w call.pcap port 5060 or udp portrange 10000-20000`.
capture-error-not-capture = Tệp này không phải bản ghi pcap hay pcapng.
capture-error-truncated = Bản ghi kết thúc ngay trong phần đầu tệp: tệp rỗng hoặc bị cắt cụt.
capture-error-bad-header = Phần đầu của bản ghi bị hỏng ({ $detail }): đây không phải tệp pcap hay pcapng đọc được.
media-title = Âm thanh và media (RTP)
media-field-streams = Các luồng RTP
media-stream = { $src } → { $dst }: { $codec }, { $packets } gói, mất { $lost } ({ $percent } %), jitter { $jitter } ms, { $seconds } giây
media-stream-dtmf = phím DTMF { $keys }
media-unannounced = (không có trong SDP nào)
media-more-streams = … và { $n } luồng nữa.
media-none = Không có RTP trong bản ghi này.
media-fine = Media có vẻ ổn: RTP đi cả hai chiều, không mất gói hay jitter đến mức nghe thấy.
media-no-audio = **Không có tiếng**: cuộc gọi { $call } đã được trả lời, nhưng không có RTP theo chiều nào trong { $seconds } giây được ghi sau khi trả lời (SDP: { $offer } và { $answer }). Hãy kiểm tra tường lửa có cho các cổng RTP đi qua không, và mỗi bên có tới được địa chỉ bên kia ghi trong SDP không.
media-one-way = **Âm thanh một chiều**: { $packets } gói RTP đi từ { $from } tới { $to }, và không gói nào quay lại từ { $silent }. Bên { $silent } không được nghe thấy: thường do NAT (địa chỉ nội bộ trong SDP), tường lửa chặn RTP của nó, hoặc media gửi tới sai địa chỉ.
media-elsewhere = **Media gửi tới nơi khác**: { $sender } gửi { $packets } gói RTP tới { $sentto }, nhưng SDP của bên kia công bố { $announced }. Điển hình của NAT: dùng RTP đối xứng (comedia, `rtp_symmetric`, `nat=yes`) hoặc ghi đúng địa chỉ trong SDP.
media-private-sdp = **NAT**: SDP công bố địa chỉ nội bộ { $sdp }, nhưng bản tin SIP của nó đến từ địa chỉ công cộng { $from }. Bên kia sẽ gửi media tới nơi không thể tới được: hãy đặt địa chỉ media bên ngoài (`external_media_address`, `ext-rtp-ip`), dùng RTP đối xứng, hoặc một SBC sửa lại SDP.
media-codec = **Codec không được chấp nhận**: bên mời đề nghị { $offered } và bên trả lời { $answered }: không có codec chung, nên không thể có tiếng.
media-codec-used = **Codec không được chấp nhận**: RTP được gửi bằng { $used }, mà câu trả lời ({ $answered }) không chấp nhận.
media-loss = **Mất gói nghe thấy được**: { $src } → { $dst } mất { $lost } trong { $expected } gói ({ $percent } %); trên khoảng 1 % người nghe sẽ thấy bị ngắt quãng.
media-jitter = **Jitter nghe thấy được**: { $src } → { $dst } có jitter trung bình { $mean } ms (tối đa { $max } ms), nhiều hơn mức bộ đệm phát thường hấp thụ được.
