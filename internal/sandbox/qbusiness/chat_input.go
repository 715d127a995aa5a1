package qbusiness

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"
)

// inputEvent is one decoded Chat input event.
type inputEvent struct {
	Type       string
	Config     *configurationEvent
	Text       *string
	Attachment *attachmentInput
}

type configurationEvent struct {
	ChatMode              string           `json:"chatMode"`
	ChatModeConfiguration json.RawMessage  `json:"chatModeConfiguration"`
	AttributeFilter       *attributeFilter `json:"attributeFilter"`
}

// parseEvent decodes the inner event message an outer frame carries.
func parseEvent(payload []byte) (inputEvent, error) {
	m, err := eventstream.NewDecoder().Decode(bytes.NewReader(payload), nil)
	if err != nil {
		return inputEvent{}, fmt.Errorf("decode event message: %w", err)
	}
	if mt := headerString(m, ":message-type"); mt != "event" {
		return inputEvent{}, fmt.Errorf("unexpected :message-type %q, want event", mt)
	}
	ct := headerString(m, ":content-type")
	if len(m.Payload) > 0 && ct != "application/json" && ct != "application/x-amz-json-1.0" {
		return inputEvent{}, fmt.Errorf("unsupported :content-type %q", ct)
	}
	ev := inputEvent{Type: headerString(m, ":event-type")}
	return ev, ev.decode(m.Payload)
}

func (ev *inputEvent) decode(body []byte) error {
	if len(bytes.TrimSpace(body)) == 0 {
		body = []byte("{}")
	}
	switch ev.Type {
	case "configurationEvent":
		ev.Config = &configurationEvent{}
		return strictJSON(body, ev.Config)
	case "textEvent":
		var t struct {
			UserMessage *string `json:"userMessage"`
		}
		err := strictJSON(body, &t)
		if err == nil && t.UserMessage == nil {
			err = fmt.Errorf("textEvent.userMessage is required")
		}
		ev.Text = t.UserMessage
		return err
	case "attachmentEvent":
		var a struct {
			Attachment *attachmentInput `json:"attachment"`
		}
		err := strictJSON(body, &a)
		if err == nil && a.Attachment == nil {
			err = fmt.Errorf("attachmentEvent.attachment is required")
		}
		ev.Attachment = a.Attachment
		return err
	case "endOfInputEvent", "actionExecutionEvent", "authChallengeResponseEvent":
		var v map[string]any
		return strictJSON(body, &v)
	}
	return fmt.Errorf("unknown :event-type %q", ev.Type)
}

func strictJSON(body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("could not parse event payload: %w", err)
	}
	if dec.More() {
		return fmt.Errorf("could not parse event payload: trailing data")
	}
	return nil
}

func headerString(m eventstream.Message, name string) string {
	if v, ok := m.Headers.Get(name).(eventstream.StringValue); ok {
		return string(v)
	}
	return ""
}
