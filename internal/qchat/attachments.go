package qchat

import (
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness/types"
)

// Attachment limits of the Chat and ChatSync APIs.
const (
	MaxAttachments    = 5
	MaxAttachmentSize = 10 << 20
)

// ErrAttachmentLimit means the files exceed what Q Business accepts; it is
// reported before any call is made.
var ErrAttachmentLimit = errors.New("attachment limit exceeded")

// NewAttachment returns an inline attachment named name.
func NewAttachment(name string, data []byte) types.AttachmentInput {
	return types.AttachmentInput{Name: aws.String(name), Data: data}
}

// CheckAttachments enforces the API limits on atts.
func CheckAttachments(atts []types.AttachmentInput) error {
	if len(atts) > MaxAttachments {
		return fmt.Errorf("%w: %d files, at most %d per conversation", ErrAttachmentLimit, len(atts), MaxAttachments)
	}
	for _, a := range atts {
		if err := CheckAttachmentSize(aws.ToString(a.Name), int64(len(a.Data))); err != nil {
			return err
		}
	}
	return nil
}

// CheckAttachmentSize enforces the per-file limit, so callers can refuse a
// file before reading it.
func CheckAttachmentSize(name string, size int64) error {
	switch {
	case size > MaxAttachmentSize:
		return fmt.Errorf("%w: %s is %s, at most 10 MB per file", ErrAttachmentLimit, name, megabytes(size))
	case size == 0:
		return fmt.Errorf("%w: %s is empty", ErrAttachmentLimit, name)
	}
	return nil
}

func megabytes(n int64) string {
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}
