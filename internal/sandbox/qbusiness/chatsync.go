package qbusiness

import (
	"encoding/json"

	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

type chatSyncInput struct {
	UserMessage           *string           `json:"userMessage"`
	Attachments           []attachmentInput `json:"attachments"`
	ActionExecution       json.RawMessage   `json:"actionExecution"`
	AuthChallengeResponse json.RawMessage   `json:"authChallengeResponse"`
	ConversationID        string            `json:"conversationId"`
	ParentMessageID       string            `json:"parentMessageId"`
	AttributeFilter       *attributeFilter  `json:"attributeFilter"`
	ChatMode              string            `json:"chatMode"`
	ChatModeConfiguration json.RawMessage   `json:"chatModeConfiguration"`
	ClientToken           string            `json:"clientToken"`
}

type chatSyncOutput struct {
	ConversationID     string              `json:"conversationId"`
	SystemMessage      string              `json:"systemMessage"`
	SystemMessageID    string              `json:"systemMessageId"`
	UserMessageID      string              `json:"userMessageId"`
	SourceAttributions []sourceAttribution `json:"sourceAttributions"`
	FailedAttachments  []attachmentOutput  `json:"failedAttachments"`
}

func (s *Service) chatSync(c *call) (any, *wire.Error) {
	var in chatSyncInput
	if e := c.decode(&in); e != nil {
		return nil, e
	}
	if in.ActionExecution != nil || in.AuthChallengeResponse != nil {
		return nil, invalid("actionExecution and authChallengeResponse need a plugin, and no plugin is configured for this application")
	}
	if in.Attachments != nil && len(in.Attachments) == 0 {
		return nil, invalidField("attachments", "Value at 'attachments' failed to satisfy constraint: Member must have length greater than or equal to 1")
	}
	t := &turnInput{ConversationID: in.ConversationID, ParentMessageID: in.ParentMessageID, Mode: in.ChatMode,
		Attachments: in.Attachments, ClientToken: in.ClientToken, Filter: in.AttributeFilter}
	if in.UserMessage != nil {
		t.Text = *in.UserMessage
	}
	if e := t.validate(); e != nil {
		return nil, e
	}
	res, e := s.runTurn(c, t)
	if e != nil {
		return nil, e
	}
	return chatSyncOutput{ConversationID: res.ConversationID, SystemMessage: res.Text, SystemMessageID: res.SystemMessageID,
		UserMessageID: res.UserMessageID, SourceAttributions: nonNil(res.Attributions), FailedAttachments: res.FailedAttachments}, nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
