package qbusiness

import (
	"bytes"
	"context"
	"encoding/hex"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/qbiz/qbiz/internal/sandbox/awsauth"
	"github.com/qbiz/qbiz/internal/sandbox/gate/gatetest"
)

// innerEvent encodes an input event message.
func innerEvent(t testing.TB, eventType, body string) []byte {
	var h eventstream.Headers
	h.Set(":message-type", eventstream.StringValue("event"))
	h.Set(":event-type", eventstream.StringValue(eventType))
	h.Set(":content-type", eventstream.StringValue("application/json"))
	var b bytes.Buffer
	if err := eventstream.NewEncoder().Encode(&b, eventstream.Message{Headers: h, Payload: []byte(body)}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// signedFrame wraps payload in an outer frame signed by signer; tamper
// flips a bit of the signature.
func signedFrame(t testing.TB, signer *v4.StreamSigner, payload []byte, tamper bool) []byte {
	now := time.Now().UTC()
	var dh eventstream.Headers
	dh.Set(":date", eventstream.TimestampValue(now))
	var hb bytes.Buffer
	_ = eventstream.EncodeHeaders(&hb, dh)
	sig, err := signer.GetSignature(context.Background(), hb.Bytes(), payload, now)
	if err != nil {
		t.Fatal(err)
	}
	if tamper {
		sig[0] ^= 1
	}
	dh.Set(":chunk-signature", eventstream.BytesValue(sig))
	var b bytes.Buffer
	if err := eventstream.NewEncoder().Encode(&b, eventstream.Message{Headers: dh, Payload: payload}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// rawChat signs a Chat request by hand and streams frames built by build.
func rawChat(t *testing.T, e *env, creds awsauth.Credentials, build func(*v4.StreamSigner) [][]byte) []eventstream.Message {
	t.Helper()
	pr, pw := io.Pipe()
	req, _ := http.NewRequest(http.MethodPost, e.h.URL+"/applications/"+e.appID+"/conversations", pr)
	req.Header.Set("Content-Type", eventStreamType)
	req.Header.Set("X-Amz-Content-Sha256", awsauth.StreamingPayload)
	req.Header.Set("X-Amz-Security-Token", creds.SessionToken)
	err := v4.NewSigner().SignHTTP(context.Background(), creds.SDK(), req, awsauth.StreamingPayload, "qbusiness", gatetest.Region, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	seed, _ := hex.DecodeString(signatureOf(req.Header.Get("Authorization")))
	signer := v4.NewStreamSigner(creds.SDK(), "qbusiness", gatetest.Region, seed)
	go func() {
		for _, f := range build(signer) {
			if _, err := pw.Write(f); err != nil {
				return
			}
		}
		_ = pw.Close()
	}()
	resp, err := gatetest.H2CClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	var out []eventstream.Message
	for {
		m, err := readFrame(resp.Body, maxFrameSize)
		if err != nil {
			return out
		}
		out = append(out, m)
	}
}

func signatureOf(authz string) string {
	const k = "Signature="
	i := bytes.LastIndex([]byte(authz), []byte(k))
	return authz[i+len(k):]
}

func TestChatChunkSignatures(t *testing.T) {
	e := newEnv(t)
	e.setup(false)
	creds, err := e.h.Gate.Authority.Mint(federated(mary), time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	text := innerEvent(t, "textEvent", `{"userMessage":"When does the ACME project launch?"}`)
	end := innerEvent(t, "endOfInputEvent", `{}`)
	tests := []struct {
		name      string
		tamper    []bool // per frame: text, end, final
		wantEvent string
		wantExc   string
	}{
		{"all signed", []bool{false, false, false}, "metadataEvent", ""},
		{"tampered text frame", []bool{true, false, false}, "", "InvalidSignatureException"},
		{"tampered end frame", []bool{false, true, false}, "", "InvalidSignatureException"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msgs := rawChat(t, e, creds, func(s *v4.StreamSigner) [][]byte {
				return [][]byte{signedFrame(t, s, text, tt.tamper[0]), signedFrame(t, s, end, tt.tamper[1]), signedFrame(t, s, nil, tt.tamper[2])}
			})
			if len(msgs) == 0 {
				t.Fatal("no output frames")
			}
			last := msgs[len(msgs)-1]
			if tt.wantExc != "" {
				if headerString(last, ":message-type") != "exception" || headerString(last, ":exception-type") != tt.wantExc {
					t.Fatalf("last frame %v %s", last.Headers, last.Payload)
				}
				return
			}
			if headerString(last, ":event-type") != tt.wantEvent {
				t.Fatalf("last frame %v %s", last.Headers, last.Payload)
			}
		})
	}
}

func TestChatUnsignedFrameRejected(t *testing.T) {
	e := newEnv(t)
	e.setup(false)
	creds, _ := e.h.Gate.Authority.Mint(federated(mary), time.Hour)
	msgs := rawChat(t, e, creds, func(*v4.StreamSigner) [][]byte {
		var b bytes.Buffer
		_ = eventstream.NewEncoder().Encode(&b, eventstream.Message{Payload: innerEvent(t, "textEvent", `{"userMessage":"hi"}`)})
		return [][]byte{b.Bytes()}
	})
	if len(msgs) != 1 || headerString(msgs[0], ":exception-type") != "InvalidSignatureException" {
		t.Fatalf("frames %v", msgs)
	}
}
