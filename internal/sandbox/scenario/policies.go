package scenario

import (
	"encoding/json"
	"strings"
)

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // static documents only
	}
	return string(b)
}

type stmt = map[string]any

func doc(statements ...stmt) string {
	return mustJSON(map[string]any{"Version": "2012-10-17", "Statement": statements})
}

// oidcTrust is the web-experience trust policy of the OIDC sample.
func oidcTrust(providerARN, issuer, clientID string) string {
	iss := strings.TrimPrefix(strings.TrimPrefix(issuer, "https://"), "http://")
	return doc(
		stmt{"Effect": "Allow", "Principal": stmt{"Federated": providerARN}, "Action": "sts:AssumeRoleWithWebIdentity",
			"Condition": stmt{"StringEquals": stmt{iss + ":aud": clientID}}},
		stmt{"Effect": "Allow", "Principal": stmt{"Federated": providerARN}, "Action": "sts:TagSession",
			"Condition": stmt{"StringLike": stmt{"aws:RequestTag/Email": "*"}}},
	)
}

// samlTrust is the trust policy of the SAML sample.
func samlTrust(providerARN string) string {
	return doc(
		stmt{"Effect": "Allow", "Principal": stmt{"Federated": providerARN}, "Action": "sts:AssumeRoleWithSAML",
			"Condition": stmt{"StringEquals": stmt{"SAML:aud": AWSSignInSAMLURL}}},
		stmt{"Effect": "Allow", "Principal": stmt{"Federated": providerARN}, "Action": "sts:TagSession",
			"Condition": stmt{"StringLike": stmt{"aws:RequestTag/Email": "*"}}},
	)
}

// idcTrust lets principals of the account assume the role with an identity context.
func idcTrust(account string) string {
	return doc(stmt{"Effect": "Allow", "Principal": stmt{"AWS": "arn:aws:iam::" + account + ":root"},
		"Action": []string{"sts:AssumeRole", "sts:SetContext"}})
}

// conversationPolicy is the web-experience permission policy (Q Business part).
func conversationPolicy(appARN string) string {
	return doc(
		stmt{"Sid": "QBusinessConversationPermissions", "Effect": "Allow", "Action": []string{
			"qbusiness:Chat", "qbusiness:ChatSync", "qbusiness:ListMessages", "qbusiness:ListConversations",
			"qbusiness:PutFeedback", "qbusiness:DeleteConversation", "qbusiness:GetWebExperience",
			"qbusiness:GetApplication", "qbusiness:ListPlugins", "qbusiness:GetChatControlsConfiguration",
			"qbusiness:ListRetrievers", "qbusiness:SearchRelevantContent"}, "Resource": appARN},
		stmt{"Sid": "QBusinessRetrieverPermission", "Effect": "Allow", "Action": []string{"qbusiness:GetRetriever"},
			"Resource": []string{appARN, appARN + "/retriever/*"}},
	)
}

// createTokenPolicy is the IDC application's IAM authentication method.
func createTokenPolicy(account string) string {
	return doc(stmt{"Effect": "Allow", "Principal": stmt{"AWS": "arn:aws:iam::" + account + ":root"},
		"Action": "sso-oauth:CreateTokenWithIAM", "Resource": "*"})
}
