package qbusiness

import (
	"bytes"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"

	"github.com/qbiz/qbiz/internal/sandbox/retrieval"
)

// FuzzRequestJSON decodes and validates the request bodies this package
// parses; no input may panic.
func FuzzRequestJSON(f *testing.F) {
	for _, s := range []string{
		`{"userMessage":"hi","chatMode":"CREATOR_MODE"}`,
		`{"userMessage":"hi","conversationId":"x","attachments":[{"name":"a","data":"aGk="}]}`,
		`{"attributeFilter":{"andAllFilters":[{"equalsTo":{"name":"a","value":{"longValue":3}}}],"notFilter":{}}}`,
		`{"documents":[{"id":"d","content":{"blob":"aGk="},"accessConfiguration":{"accessControls":[{"principals":[{"user":{"id":"u","access":"ALLOW"}}]}]}}]}`,
		`{"documents":[{"id":"d","attributes":[{"name":"x","value":{}}],"accessConfiguration":{"accessControls":[{"principals":[{}]}]}}]}`,
		`{"displayName":"a","identityType":"AWS_IAM_IDP_OIDC","iamIdentityProviderArn":"arn:aws:iam::123456789012:oidc-provider/x"}`,
		`{"groupName":"g","type":"INDEX","groupMembers":{"memberUsers":[{"userId":"u"}]}}`,
		`[`, `null`, `{"documents":null}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		c := &call{body: body}
		var cs chatSyncInput
		if c.decode(&cs) == nil {
			tin := &turnInput{ConversationID: cs.ConversationID, ParentMessageID: cs.ParentMessageID, Mode: cs.ChatMode,
				Attachments: cs.Attachments, ClientToken: cs.ClientToken, Filter: cs.AttributeFilter}
			_ = tin.validate()
			if cs.AttributeFilter != nil {
				doc := docWithAttrs(map[string]string{"a": "3", "b": "x,y"})
				_ = cs.AttributeFilter.match(doc)
			}
		}
		var bp batchPutInput
		if c.decode(&bp) == nil && bp.validate() == nil {
			for i := range bp.Documents {
				_ = bp.Documents[i].AccessConfiguration.toACL()
			}
		}
		var app applicationInput
		if c.decode(&app) == nil {
			_ = validateCreateApplication(&app)
		}
		var g putGroupInput
		if c.decode(&g) == nil {
			_ = g.validate()
		}
	})
}

// FuzzInputFrame feeds arbitrary bytes to the bounded frame reader and the
// inner event parser.
func FuzzInputFrame(f *testing.F) {
	f.Add(innerEvent(f, "textEvent", `{"userMessage":"hi"}`))
	f.Add(innerEvent(f, "configurationEvent", `{"chatMode":"RETRIEVAL_MODE"}`))
	f.Add(innerEvent(f, "attachmentEvent", `{"attachment":{"name":"a","data":"aGk="}}`))
	f.Add(innerEvent(f, "endOfInputEvent", `{}`))
	var outer bytes.Buffer
	_ = eventstream.NewEncoder().Encode(&outer, eventstream.Message{Payload: innerEvent(f, "textEvent", `{"userMessage":"x"}`)})
	f.Add(outer.Bytes())
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0})
	f.Add([]byte{0, 0, 0, 16, 0xff, 0xff, 0xff, 0xf0, 0, 0, 0, 0, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		r := bytes.NewReader(data)
		for range 4 {
			m, err := readFrame(r, 1<<16)
			if err != nil {
				break
			}
			if ev, err := parseEvent(m.Payload); err == nil {
				in := &chatInput{t: &turnInput{}}
				if in.apply(ev) == nil {
					_ = in.finish()
				}
			}
		}
		if ev, err := parseEvent(data); err == nil {
			_ = (&chatInput{t: &turnInput{}}).apply(ev)
		}
	})
}

func docWithAttrs(a map[string]string) retrieval.Document {
	return retrieval.Document{ID: "d", Attributes: a}
}
