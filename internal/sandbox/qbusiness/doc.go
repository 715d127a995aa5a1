// Package qbusiness emulates the Amazon Q Business API (restJson1) for the
// sandbox: application, index, retriever, web experience and data source
// administration, BatchPutDocument with document ACLs, PutGroup, and the
// conversation APIs (ChatSync, the Chat event stream over HTTP/2,
// ListConversations, ListMessages, DeleteConversation, PutFeedback).
//
// The end user is taken only from the verified SigV4 credentials: the Email
// session tag of an IAM-federated session, or the Identity Center context of
// a trusted-identity-propagation session (mapped to an email through the
// directory). Identity fields in the request (userId, userGroups) are refused.
// Retrieval is filtered by document ACLs and PutGroup memberships and answers
// extractively with numbered source attributions.
//
// Subscriptions: when an application's autoSubscriptionConfiguration is
// ENABLED, a user's first conversation call fails with AccessDeniedException
// ("User does not have a subscription for the given application.") and
// subscribes the user, so the next call succeeds. When it is DISABLED (the
// default) no subscription is required.
package qbusiness
