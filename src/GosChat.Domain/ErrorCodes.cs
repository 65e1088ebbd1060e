namespace GosChat.Domain;

/// <summary>
/// Every error code the service answers with, in one list: the <c>code</c> of HTTP problem details and the
/// <c>code: message</c> prefix of hub errors (docs/protocol.md). Clients branch on these; they never change meaning.
/// </summary>
public static class ErrorCodes
{
    public const string AccountLocked = "account_locked";
    public const string AlreadyRated = "already_rated";
    public const string AttachmentNotFound = "attachment_not_found";
    public const string BadApiKey = "bad_api_key";
    public const string BadCallId = "bad_call_id";
    public const string BadClientMessageId = "bad_client_message_id";
    public const string BadDate = "bad_date";
    public const string BadEmail = "bad_email";
    public const string BadEventType = "bad_event_type";
    public const string BadLimit = "bad_limit";
    public const string BadLink = "bad_link";
    public const string BadMultipart = "bad_multipart";
    public const string BadName = "bad_name";
    public const string BadOfferId = "bad_offer_id";
    public const string BadPeriod = "bad_period";
    public const string BadPhone = "bad_phone";
    public const string BadPresence = "bad_presence";
    public const string BadRecording = "bad_recording";
    public const string BadDeadlineClass = "bad_deadline_class";
    public const string BadRequest = "bad_request";
    public const string BadRequestStatus = "bad_request_status";
    public const string BadResumeToken = "bad_resume_token";
    public const string BadScore = "bad_score";
    public const string BadSessionId = "bad_session_id";
    public const string BadSlot = "bad_slot";
    public const string BadState = "bad_state";
    public const string BadTicket = "bad_ticket";
    public const string BadUserSignature = "bad_user_signature";
    public const string CallEnded = "call_ended";
    public const string CallInProgress = "call_in_progress";
    public const string CallNotConnected = "call_not_connected";
    public const string CallNotFound = "call_not_found";
    public const string CallAlreadyRequested = "call_already_requested";
    public const string CallNotRequested = "call_not_requested";
    public const string CallsUnavailable = "calls_unavailable";
    public const string CallbackKeyRequired = "callback_key_required";
    public const string CallbackNotEditable = "callback_not_editable";
    public const string CallbackNotFound = "callback_not_found";
    public const string CommentTooLong = "comment_too_long";
    public const string ConfirmationExpired = "confirmation_expired";
    public const string ContactRequired = "contact_required";
    public const string Contention = "contention";
    public const string EmptyFile = "empty_file";
    public const string EmptyText = "empty_text";
    public const string ExtensionUsed = "extension_used";
    public const string FileTooLarge = "file_too_large";
    public const string FileTypeMismatch = "file_type_mismatch";
    public const string Forbidden = "forbidden";
    public const string IllegalTransition = "illegal_transition";
    public const string InternalError = "internal_error";
    public const string JobNotFailed = "job_not_failed";
    public const string LinkExpired = "link_expired";
    public const string MissingClientMessageId = "missing_client_message_id";
    public const string NoFile = "no_file";
    public const string NoSession = "no_session";
    public const string NotClosed = "not_closed";
    public const string NotConnected = "not_connected";
    public const string NotMultipart = "not_multipart";
    public const string NotYourSession = "not_your_session";
    public const string OfferExpired = "offer_expired";
    public const string OfferGone = "offer_gone";
    public const string OperatorNotJoined = "operator_not_joined";
    public const string OriginNotAllowed = "origin_not_allowed";
    public const string RateLimited = "rate_limited";
    public const string RefreshRefused = "refresh_refused";
    public const string RequestClosed = "request_closed";
    public const string RequestExists = "request_exists";
    public const string RequestNotFound = "request_not_found";
    public const string RequestNotWaiting = "request_not_waiting";
    public const string ResolutionTooLong = "resolution_too_long";
    /// <summary>Not a hub error: the 503 answer to a hub connection request while the node stops (docs/reliability.md).</summary>
    public const string ServerStopping = "server_stopping";
    public const string SessionClosed = "session_closed";
    public const string TooManyFiles = "too_many_files";
    public const string SignedUserRequired = "signed_user_required";
    public const string SessionNotFound = "session_not_found";
    public const string SlotClosed = "slot_closed";
    public const string SlotFull = "slot_full";
    public const string SlotInPast = "slot_in_past";
    public const string SlotTooFar = "slot_too_far";
    public const string StoreUnavailable = "store_unavailable";
    public const string TextTooLong = "text_too_long";
    public const string TooManyCallbacks = "too_many_callbacks";
    public const string UnknownKind = "unknown_kind";
    public const string UnknownLanguage = "unknown_language";
    public const string UnknownLine = "unknown_line";
    public const string UnknownOperator = "unknown_operator";
    public const string UnknownQueue = "unknown_queue";
    public const string UnsupportedFileType = "unsupported_file_type";
    public const string UserSignatureExpired = "user_signature_expired";
    public const string WrongConfirmationCode = "wrong_confirmation_code";

    /// <summary>All of the codes above.</summary>
    public static IReadOnlyList<string> All { get; } = typeof(ErrorCodes)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToArray();
}
