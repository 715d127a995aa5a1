package provision

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	qtypes "github.com/aws/aws-sdk-go-v2/service/qbusiness/types"
)

// application is the Q Business application with auto-subscription
// enabled; its index, retriever and web experience belong to it (and are
// qbiz's when it is).
type application struct {
	s              *stack
	name, provider string
	identity       qtypes.IdentityType
	clientIDs      []string // OIDC only
	// autoSubscribe: IAM federation subscribes each user at first use.
	autoSubscribe bool
	managed       bool
}

func (a *application) Type() string        { return "AWS::QBusiness::Application" }
func (a *application) Name() string        { return a.name }
func (a *application) DependsOn() []string { return []string{a.provider} }

func (a *application) Lookup(ctx context.Context) (Found, error) {
	a.s.out.ApplicationID, a.s.out.ApplicationARN, a.managed = "", "", false
	id, err := a.find(ctx)
	if err != nil || id == "" {
		return Found{}, err
	}
	got, err := a.s.c.Q.GetApplication(ctx, &qbusiness.GetApplicationInput{ApplicationId: aws.String(id)})
	if err != nil {
		return Found{}, err
	}
	arn := aws.ToString(got.ApplicationArn)
	tags, err := a.s.c.Q.ListTagsForResource(ctx, &qbusiness.ListTagsForResourceInput{ResourceARN: aws.String(arn)})
	if err != nil {
		return Found{}, err
	}
	if !a.s.tagged(qTags(tags.Tags)) {
		return Found{}, notOurs("Q Business application", a.name, a.s.prefix)
	}
	if got.IdentityType != a.identity {
		return Found{}, fmt.Errorf("Q Business application %s uses %s, not %s: run qbiz admin with the --mode it was created with", a.name, got.IdentityType, a.identity)
	}
	a.s.out.ApplicationID, a.s.out.ApplicationARN, a.managed = id, arn, true
	return Found{Exists: true, Managed: true, ARN: arn, Drift: a.drift(got)}, nil
}

func (a *application) find(ctx context.Context) (string, error) {
	pages := qbusiness.NewListApplicationsPaginator(a.s.c.Q, &qbusiness.ListApplicationsInput{})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return "", err
		}
		for _, app := range page.Applications {
			if aws.ToString(app.DisplayName) == a.name {
				return aws.ToString(app.ApplicationId), nil
			}
		}
	}
	return "", nil
}

func (a *application) drift(got *qbusiness.GetApplicationOutput) string {
	if got.Status != qtypes.ApplicationStatusActive {
		return "status " + string(got.Status)
	}
	if sub := got.AutoSubscriptionConfiguration; a.autoSubscribe && (sub == nil || sub.AutoSubscribe != qtypes.AutoSubscriptionStatusEnabled) {
		return "auto-subscription disabled"
	}
	return ""
}

func (a *application) Create(ctx context.Context) error {
	in := &qbusiness.CreateApplicationInput{DisplayName: aws.String(a.name),
		Description:  aws.String("Q Business application " + a.name + ", managed by qbiz"),
		IdentityType: a.identity, ClientIdsForOIDC: a.clientIDs, Tags: a.s.qTags()}
	if a.identity == qtypes.IdentityTypeAwsIamIdc {
		in.IdentityCenterInstanceArn = aws.String(a.s.out.InstanceARN)
	} else {
		in.IamIdentityProviderArn = aws.String(a.s.out.ProviderARN)
	}
	out, err := a.s.c.Q.CreateApplication(ctx, in)
	if err != nil {
		return err
	}
	a.s.out.ApplicationID = aws.ToString(out.ApplicationId)
	return a.Update(ctx)
}

// Update waits for the application to be ACTIVE and enables
// auto-subscription where the identity type has it.
func (a *application) Update(ctx context.Context) error {
	id := aws.String(a.s.out.ApplicationID)
	err := a.s.poll.until(ctx, "Q Business application "+a.name, func(ctx context.Context) (string, bool, error) {
		got, err := a.s.c.Q.GetApplication(ctx, &qbusiness.GetApplicationInput{ApplicationId: id})
		if err != nil {
			return "", false, err
		}
		return string(got.Status), got.Status == qtypes.ApplicationStatusActive, failed(got.Status == qtypes.ApplicationStatusFailed, got.Error)
	})
	if err != nil || !a.autoSubscribe {
		return err
	}
	_, err = a.s.c.Q.UpdateApplication(ctx, &qbusiness.UpdateApplicationInput{ApplicationId: id,
		AutoSubscriptionConfiguration: &qtypes.AutoSubscriptionConfiguration{AutoSubscribe: qtypes.AutoSubscriptionStatusEnabled,
			DefaultSubscriptionType: qtypes.SubscriptionTypeQBusiness}})
	return err
}

func (a *application) Delete(ctx context.Context) error {
	id := aws.String(a.s.out.ApplicationID)
	if _, err := a.s.c.Q.DeleteApplication(ctx, &qbusiness.DeleteApplicationInput{ApplicationId: id}); err != nil {
		return err
	}
	return a.s.poll.until(ctx, "Q Business application "+a.name+" to be deleted", func(ctx context.Context) (string, bool, error) {
		got, err := a.s.c.Q.GetApplication(ctx, &qbusiness.GetApplicationInput{ApplicationId: id})
		if notFound(err) {
			return "", true, nil
		}
		if err != nil {
			return "", false, err
		}
		return string(got.Status), false, nil
	})
}

func (s *stack) qTags() []qtypes.Tag {
	return []qtypes.Tag{{Key: aws.String(TagKey), Value: aws.String(s.prefix)}}
}

func qTags(tags []qtypes.Tag) map[string]string {
	m := map[string]string{}
	for _, t := range tags {
		m[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return m
}

func notFound(err error) bool {
	var nf *qtypes.ResourceNotFoundException
	return errors.As(err, &nf)
}

// failed turns a FAILED status into an error naming AWS's reason.
func failed(isFailed bool, detail *qtypes.ErrorDetail) error {
	if !isFailed {
		return nil
	}
	if detail == nil {
		return errors.New("Q Business reports status FAILED")
	}
	return fmt.Errorf("Q Business reports status FAILED: %s (%s)", aws.ToString(detail.ErrorMessage), detail.ErrorCode)
}
