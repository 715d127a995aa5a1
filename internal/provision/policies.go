package provision

import (
	"encoding/json"
	"net/url"
	"reflect"
)

type stmt = map[string]any

func policyDoc(statements ...stmt) string {
	b, _ := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": statements})
	return string(b)
}

// webTrust lets users of the issuer with a token for clientID assume the
// web-experience role and carry their Email session tag.
func webTrust(providerARN, issuer, clientID string) string {
	return policyDoc(
		stmt{"Effect": "Allow", "Principal": stmt{"Federated": providerARN}, "Action": "sts:AssumeRoleWithWebIdentity",
			"Condition": stmt{"StringEquals": stmt{issuerHost(issuer) + ":aud": clientID}}},
		stmt{"Effect": "Allow", "Principal": stmt{"Federated": providerARN}, "Action": "sts:TagSession",
			"Condition": stmt{"StringLike": stmt{"aws:RequestTag/Email": "*"}}},
	)
}

// webPermissions is the samples' web-experience policy without the Q Apps
// and KMS statements qbiz has no use for: conversations of one
// application, its retrievers, and the self-subscription auto-subscribe needs.
func webPermissions(appARN string) string {
	return policyDoc(
		stmt{"Sid": "QBusinessConversationPermissions", "Effect": "Allow", "Action": []string{
			"qbusiness:Chat", "qbusiness:ChatSync", "qbusiness:ListMessages", "qbusiness:ListConversations",
			"qbusiness:PutFeedback", "qbusiness:DeleteConversation", "qbusiness:GetWebExperience",
			"qbusiness:GetApplication", "qbusiness:ListPlugins", "qbusiness:GetChatControlsConfiguration",
			"qbusiness:ListRetrievers", "qbusiness:SearchRelevantContent"}, "Resource": appARN},
		stmt{"Sid": "QBusinessRetrieverPermission", "Effect": "Allow", "Action": []string{"qbusiness:GetRetriever"},
			"Resource": []string{appARN, appARN + "/retriever/*"}},
		stmt{"Sid": "QBusinessAutoSubscriptionPermission", "Effect": "Allow", "Action": []string{"user-subscriptions:CreateClaim"},
			"Condition": stmt{"Bool": stmt{"user-subscriptions:CreateForSelf": "true"},
				"StringEquals": stmt{"aws:CalledViaLast": "qbusiness.amazonaws.com"}}, "Resource": []string{"*"}},
	)
}

// secretsTrust lets only Q Business, for this account's application, assume
// the secrets role (the samples' confused-deputy guard).
func secretsTrust(account, appARN string) string {
	return policyDoc(stmt{"Sid": "AllowsAmazonQToAssumeRoleForServicePrincipal", "Effect": "Allow",
		"Principal": stmt{"Service": "application.qbusiness.amazonaws.com"}, "Action": "sts:AssumeRole",
		"Condition": stmt{"StringEquals": stmt{"aws:SourceAccount": account}, "ArnLike": stmt{"aws:SourceArn": appARN}}})
}

// secretsPermissions reads exactly one secret (encrypted with the account's
// default key, which needs no kms statement).
func secretsPermissions(secretARN string) string {
	return policyDoc(stmt{"Sid": "AllowsAmazonQToGetSecret", "Effect": "Allow",
		"Action": []string{"secretsmanager:GetSecretValue"}, "Resource": []string{secretARN}})
}

// samePolicy compares two policy documents as JSON; IAM returns them
// URL-encoded.
func samePolicy(have, want string) bool {
	if dec, err := url.QueryUnescape(have); err == nil {
		have = dec
	}
	var a, b any
	if json.Unmarshal([]byte(have), &a) != nil || json.Unmarshal([]byte(want), &b) != nil {
		return false
	}
	return reflect.DeepEqual(a, b)
}
