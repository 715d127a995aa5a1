package qbusiness

import (
	"encoding/base64"
	"strconv"

	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

// Attachment limits (model documentation).
const (
	maxAttachments    = 5
	maxAttachmentSize = 10 << 20
)

type attachmentInput struct {
	Data     *string `json:"data"`
	Name     string  `json:"name"`
	CopyFrom *struct {
		Conversation *struct {
			ConversationID string `json:"conversationId"`
			AttachmentID   string `json:"attachmentId"`
		} `json:"conversation"`
	} `json:"copyFrom"`
}

type attachmentOutput struct {
	Name           string       `json:"name,omitempty"`
	Status         string       `json:"status"`
	Error          *errorDetail `json:"error,omitempty"`
	AttachmentID   string       `json:"attachmentId,omitempty"`
	ConversationID string       `json:"conversationId,omitempty"`
}

func (in attachmentInput) validate(i int) *wire.Error {
	f := "attachments." + strconv.Itoa(i+1) + "."
	if (in.Data == nil) == (in.CopyFrom == nil) {
		return invalidField(f+"data", "Value at '%s' must set exactly one of data or copyFrom", f[:len(f)-1])
	}
	if in.Data != nil {
		return checkPrintable(f+"name", in.Name, 1, 1000)
	}
	cv := in.CopyFrom.Conversation
	if cv == nil {
		return invalidField(f+"copyFrom", "Value at '%scopyFrom' must set conversation", f)
	}
	if !uuidPattern().MatchString(cv.AttachmentID) {
		return invalidField(f+"copyFrom.conversation.attachmentId", "Value at '%scopyFrom.conversation.attachmentId' failed to satisfy constraint: Member must be a UUID", f)
	}
	return checkID(f+"copyFrom.conversation.conversationId", cv.ConversationID)
}

// storedAttachment is one processed attachment and its bytes.
type storedAttachment struct {
	out  attachmentOutput
	data []byte
}

// processAttachments applies the application's attachment rules; the
// caller holds s.mu. Per-file problems become FAILED outputs.
func processAttachments(a *application, user string, cv *conversation, ins []attachmentInput) ([]storedAttachment, *wire.Error) {
	if len(ins) == 0 {
		return nil, nil
	}
	if a.Attachments != enabled {
		return nil, invalid("Attachments are not enabled for this application")
	}
	prior := 0
	if cv != nil {
		prior = cv.attachmentCount()
	}
	if len(ins) > maxAttachments || prior+len(ins) > maxAttachments {
		return nil, invalid("Attachment limit for conversation exceeded")
	}
	out := make([]storedAttachment, 0, len(ins))
	for _, in := range ins {
		st, e := oneAttachment(a, user, in)
		if e != nil {
			return nil, e
		}
		out = append(out, st)
	}
	return out, nil
}

func oneAttachment(a *application, user string, in attachmentInput) (storedAttachment, *wire.Error) {
	st := storedAttachment{out: attachmentOutput{Name: in.Name, Status: "SUCCESS", AttachmentID: newID()}}
	if in.CopyFrom != nil {
		return copyAttachment(a, user, in.CopyFrom.Conversation.ConversationID, in.CopyFrom.Conversation.AttachmentID)
	}
	data, err := base64.StdEncoding.DecodeString(*in.Data)
	switch {
	case err != nil:
		st.out.Status, st.out.Error = "FAILED", &errorDetail{ErrorCode: "InvalidRequest", ErrorMessage: "Attachment data is not valid base64."}
	case len(data) > maxAttachmentSize:
		st.out.Status, st.out.Error = "FAILED", &errorDetail{ErrorCode: "InvalidRequest", ErrorMessage: "Attachment exceeds the maximum size of 10 MB."}
	case len(data) == 0:
		st.out.Status, st.out.Error = "FAILED", &errorDetail{ErrorCode: "InvalidRequest", ErrorMessage: "Attachment is empty."}
	default:
		st.data = data
	}
	return st, nil
}

// copyAttachment copies an attachment from one of the user's own conversations.
func copyAttachment(a *application, user, convID, attID string) (storedAttachment, *wire.Error) {
	src, e := conversationOf(a, user, convID)
	if e != nil {
		return storedAttachment{}, e
	}
	for _, m := range src.Messages {
		for _, at := range m.Attachments {
			if at.AttachmentID == attID && at.Status == "SUCCESS" {
				return storedAttachment{out: attachmentOutput{Name: at.Name, Status: "SUCCESS", AttachmentID: newID()}, data: m.Data[attID]}, nil
			}
		}
	}
	return storedAttachment{}, notFound("ATTACHMENT", attID, "Attachment %s not found.", attID)
}
