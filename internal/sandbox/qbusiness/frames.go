package qbusiness

import (
	"bytes"
	"context"
	"crypto/hmac"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/qbiz/qbiz/internal/sandbox/awsauth"
)

// Event-stream input bounds: one frame carries at most one attachment
// (10 MB, base64 encoded in JSON), and a whole Chat input at most five.
const (
	maxFrameSize = 16 << 20
	maxInputSize = 80 << 20
	minFrameSize = 16 // prelude (12) + message CRC (4)
	frameSkew    = 5 * time.Minute
)

var errFrameTooLarge = errors.New("event stream frame exceeds the size limit")

// readFrame reads one event-stream message of at most max bytes. It checks
// the prelude lengths before allocating, so a hostile length cannot make
// it buffer more than max.
func readFrame(r io.Reader, max uint32) (eventstream.Message, error) {
	var pre [8]byte
	if _, err := io.ReadFull(r, pre[:]); err != nil {
		return eventstream.Message{}, err
	}
	total, headers := binary.BigEndian.Uint32(pre[:4]), binary.BigEndian.Uint32(pre[4:])
	if total > max {
		return eventstream.Message{}, errFrameTooLarge
	}
	if total < minFrameSize || headers > total-minFrameSize {
		return eventstream.Message{}, fmt.Errorf("event stream frame has inconsistent lengths (total %d, headers %d)", total, headers)
	}
	buf := make([]byte, total)
	copy(buf, pre[:])
	if _, err := io.ReadFull(r, buf[8:]); err != nil {
		return eventstream.Message{}, fmt.Errorf("read event stream frame: %w", err)
	}
	m, err := eventstream.NewDecoder().Decode(bytes.NewReader(buf), nil)
	if err != nil {
		return eventstream.Message{}, fmt.Errorf("decode event stream frame: %w", err)
	}
	return m, nil
}

// chunkVerifier checks the chained SigV4 signature of every input frame,
// seeded with the request's own signature.
type chunkVerifier struct {
	signer *v4.StreamSigner
	now    func() time.Time
}

func newChunkVerifier(v *awsauth.Verified, region string, now func() time.Time) *chunkVerifier {
	return &chunkVerifier{signer: v4.NewStreamSigner(v.Credentials, "qbusiness", region, v.Signature), now: now}
}

// verify checks m's :chunk-signature over its :date header and payload.
func (cv *chunkVerifier) verify(m eventstream.Message) error {
	date, ok := m.Headers.Get(":date").(eventstream.TimestampValue)
	if !ok {
		return errors.New("event stream frame has no :date header")
	}
	sig, ok := m.Headers.Get(":chunk-signature").(eventstream.BytesValue)
	if !ok {
		return errors.New("event stream frame has no :chunk-signature header")
	}
	signedAt := time.Time(date)
	if d := cv.now().Sub(signedAt); d > frameSkew || d < -frameSkew {
		return fmt.Errorf("event stream frame signature expired: :date %s is more than 5 minutes from now", signedAt.UTC().Format("20060102T150405Z"))
	}
	var hdr eventstream.Headers
	hdr.Set(":date", date)
	var b bytes.Buffer
	if err := eventstream.EncodeHeaders(&b, hdr); err != nil {
		return fmt.Errorf("encode :date header: %w", err)
	}
	want, err := cv.signer.GetSignature(context.Background(), b.Bytes(), m.Payload, signedAt)
	if err != nil {
		return fmt.Errorf("compute chunk signature: %w", err)
	}
	if !hmac.Equal(want, sig) {
		return errors.New("The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.")
	}
	return nil
}
