package org.openhorde.contracts;

/**
 * The AI Horde return codes ({@code rc}) we emit, each with the HTTP status the AI Horde pairs it with.
 *
 * <p>Names are the wire strings (except the few the AI Horde spells with a trailing dot, see {@link #wire()}); do
 * not rename. Codes the AI Horde maps to 400 although its swagger says otherwise
 * ({@code MaintenanceMode}, {@code NoValidWorkers}) keep the AI Horde's real status.
 */
public enum Rc {
    // 400
    BadRequest(400),
    MissingPrompt(400),
    InvalidSize(400),
    InvalidPromptSize(400),
    TooManySteps(400),
    DuplicateGen(400),
    AbortedGen(400),
    PolymorphicNameConflict(400),
    ProfaneWorkerName(400),
    TooLongWorkerName(400),
    TooLongUserName(400),
    NameAlreadyExists(400),
    WorkerNameAlreadyExists(400),
    BadCFGDecimals(400),
    TooManyUpscalers(400),
    TooManyLoras(400),
    TooManyTIs(400),
    SourceMaskUnnecessary(400),
    SourceImageSizeExceeded(400),
    SourceImageResolutionExceeded(400),
    SourceImageUnreadable(400),
    SourceImageUrlInvalid(400),
    SourceImageRequiredForModel(400),
    InpaintingMissingMask(400),
    InvalidPriorityUsername(400),
    NoWorkerModSelected(400),
    NoUserModSelected(400),
    MaintenanceMode(400),
    NoValidWorkers(400),
    // styles and collections (issue 20)
    StyleMismatch(400),
    StyleGetMistmatch(400),
    StylePromptMissingVars(400),
    ExampleURLAlreadyInUse(400),
    NulByteInPayload(400),
    KudosTransferToAnon(400),
    KudosTransferToSelf(400),
    KudosTransferNotEnough(400),
    NegativeKudosTransfer(400),
    KudosTransferFromAnon(400),
    InvalidKudosTransferAmount(400),
    InvalidTargetUsername(400),
    TooFastKudosTransfers(400),
    IdempotencyKeyConflict(400),
    InvalidAwardUsername(400),
    KudosAwardToAnon(400),
    BadLoraVersion(400),
    ControlNetUnsupported(400),
    ControlNetInpaintingMismatch(400),
    HiResMismatch(400),
    UnexpectedModelName(400),
    RequiresTrust(400),
    InvalidRemix(400),
    InvalidTransparencyImg2Img(400),
    InvalidExtraSourceImages(400, "InvalidExtraSourceImages."),
    // text requests (the AI Horde's validation.py validate_text_params)
    TokenOverflow(400),
    MissingFullSamplerOrder(400),
    TooManyStopSequences(400),
    ExcessiveStopSequence(400),
    TooManyExtraSourceImages(400, "TooManyExtraSourceImages."),
    MoreThanMinExtraSourceImage(400, "MoreThanMinExtraSourceImage."),
    // a requester's aesthetic ratings of their own finished request (POST /v2/generate/rate/{id})
    AestheticsNotCompleted(400),
    AestheticsNotPublic(400),
    AestheticsDuplicate(400),
    AestheticsMissing(400),
    AestheticsSolo(400),
    AestheticsConfused(400),
    AestheticsAlreadyExist(400),
    ProcGenNotFound(400),
    // users and moderation (the AI Horde's PUT/DELETE /users/{id} and kudos transfers)
    ProfaneUserName(400),
    ProfaneUserContact(400),
    SourceAccountFlagged(400),
    TargetAccountFlagged(400),
    UserNotDeleted(400),
    // shared keys and teams (the AI Horde's /sharedkeys and /teams)
    NoSharedKeyModSelected(400),
    SharedKeyInvalid(400),
    NoTeamModSelected(400),
    TeamNameAlreadyExists(400),
    ProfaneTeamName(400),
    ProfaneTeamInfo(400),
    // profanity, prompt filters and worker messages (issue 19, decision 0037)
    ProfaneWorkerInfo(400),
    ProfaneBridgeAgent(400),
    CorruptPrompt(400),
    NoFilterModSelected(400),
    // 401
    InvalidAPIKey(401),
    // 403
    WrongCredentials(403),
    NotAdmin(403),
    NotModerator(403),
    NotOwner(403),
    NotPrivileged(403),
    AnonForbidden(403),
    AnonForbiddenWorker(403),
    WorkerMaintenance(403),
    KudosUpfront(403),
    TooManyWorkers(403),
    TooManyWorkersTrusted(403),
    NotAllowedAwards(403),
    Forbidden(403),
    WorkerFlaggedMaintenance(403),
    DeletedUser(403),
    NotUserOrMod(403),
    CannotDeleteMod(403),
    AnonForbiddenUser(403),
    AnonForbiddenUserMod(403),
    TimeoutIP(403),
    SharedKeyEmpty(403),
    SharedKeyExpired(403),
    SharedKeyInsufficientKudos(403),
    SharedKeyAssignedStyles(403),
    UntrustedTeamCreation(403),
    StylesAnonForbidden(403),
    StylesRequiresCustomizer(403),
    TooManyStyleExamples(403),
    MessagesOnlyOwnWorkers(403),
    // 404
    InvalidJobID(404),
    RequestNotFound(404),
    WorkerNotFound(404),
    UserNotFound(404),
    ThingNotFound(404),
    TeamNotFound(404),
    StyleNotFound(404),
    CollectionNotFound(404),
    StyleExampleNotFound(404),
    // 423
    Locked(423),
    // 429
    TooManyPrompts(429),
    TooManyRequests(429),
    // 5xx: never for bad input; only when a dependency of ours is down and the client should retry.
    ServiceUnavailable(503),
    InternalServerError(500);

    private final int httpStatus;
    private final String wire;

    Rc(int httpStatus) {
        this(httpStatus, null);
    }

    /** A code whose wire string is not its name: the AI Horde sends a few with a trailing dot. */
    Rc(int httpStatus, String wire) {
        this.httpStatus = httpStatus;
        this.wire = wire;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The string clients see in {@code rc}: the name, or the AI Horde's spelling with its trailing dot. */
    public String wire() {
        return wire == null ? name() : wire;
    }
}
