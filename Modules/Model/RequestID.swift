/// The id of the HTTP request being served, set by the gateway for everything the request does:
/// every module's log lines carry it as `request_id`.
public enum RequestID {
    @TaskLocal public static var current: String?
}
