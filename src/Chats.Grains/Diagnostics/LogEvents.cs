namespace Chats.Diagnostics;

/// <summary>The event ids of the silo's log messages, in one place so that none is used twice (as Orleans takes its providers' ids from an enum): a hundred per feature.</summary>
internal enum LogEvents
{
    // Message log (MessageLog/)
    MessageLogCommitStale = 101,
    ChatLogLoaded = 200,
    ChatLogCommitted = 201,
    ChatLogStale = 202,
    ChatLogBatchFailed = 203,

    // Chats (Chats/)
    ObserverSubscribed = 300,
    ObserverDropped = 301,
    ObserverDeliveryFailed = 302,
    ObserverEndNoticeFailed = 303,
    ActivityNotRecorded = 310,

    // Members (Members/)
    MemberListsNotSettled = 350,
    MembersChanged = 351,

    // Users' chat lists (UserChats/)
    ChatListWriteFailed = 321,

    // Connections (Connections/)
    ListObserverDropped = 360,

    // Storage (Storage/, Upgrade/)
    TableReady = 330,
    StorageUnavailable = 331,
    LegacyStateMoved = 340,
    LegacyStateUnknown = 341,

    // Webhooks (Webhooks/)
    WebhookCreated = 370,
    WebhookDeliveryFailed = 371,
    WebhookGone = 372,
    WebhookDeliveryError = 373,

    // Attachments (Attachments/)
    AttachmentCorsSet = 380,
    AttachmentSwept = 381,
    AttachmentDeleteFailed = 382,
}
