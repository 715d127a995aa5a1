package corpus

const anyOrgWiki = "https://wiki.example.com/anyorgapp/"

var anyOrgPages = []page{
	{id: "anyorgapp-project-plan", title: "AnyOrgApp Project Plan", path: anyOrgWiki + "project-plan", acl: anyOrgACL, day: 1, content: `The AnyOrgApp project builds a mobile app that lets customers book and manage service appointments.
AnyOrgApp is sponsored by Diego Ramirez, Chief Customer Officer, with Mateo Jackson as project lead.
The AnyOrgApp plan has three phases: prototype, beta and general availability.
The AnyOrgApp prototype was tested with 25 customers in February 2025.
The AnyOrgApp beta runs in Canada before the worldwide release.`},
	{id: "anyorgapp-budget", title: "AnyOrgApp Project Budget", path: anyOrgWiki + "budget", acl: anyOrgACL, day: 2, content: `The approved AnyOrgApp project budget is $850,000 for fiscal year 2025.
Mobile development contractors account for $420,000 of the AnyOrgApp budget.
AnyOrgApp marketing for the launch campaign is budgeted at $150,000.
AnyOrgApp spending reached $260,000 by the end of April 2025, slightly under plan.`},
	{id: "anyorgapp-milestones", title: "AnyOrgApp Milestones", path: anyOrgWiki + "milestones", acl: anyOrgACL, day: 3, content: `AnyOrgApp milestone A1, prototype complete, was reached on January 31, 2025.
AnyOrgApp milestone A2, beta in Canada, is due on June 2, 2025.
AnyOrgApp milestone A3, app store approval, is expected by August 1, 2025.`},
	{id: "anyorgapp-risks", title: "AnyOrgApp Risk Register", path: anyOrgWiki + "risks", acl: anyOrgACL, day: 4, content: `The top AnyOrgApp risk is app store review delays for the iOS release.
Another AnyOrgApp risk is the calendar integration with the legacy scheduling system.
AnyOrgApp accessibility compliance must be verified before general availability.`},
	{id: "anyorgapp-team", title: "AnyOrgApp Team", path: anyOrgWiki + "team", acl: anyOrgACL, day: 5, content: `The AnyOrgApp team is led by Mateo Jackson, project lead.
Richard Roe is the AnyOrgApp mobile lead for iOS and Android.
Maria Garcia and Kwame Mensah are the AnyOrgApp app developers.
Paulo Santos is the AnyOrgApp product manager.
The AnyOrgApp team works remotely with a weekly meetup in the Toronto office.`},
	{id: "anyorgapp-architecture", title: "AnyOrgApp Architecture Overview", path: anyOrgWiki + "architecture", acl: anyOrgACL, day: 6, content: `AnyOrgApp is a React Native app backed by a GraphQL API on AWS AppSync.
AnyOrgApp keeps appointments in Amazon DynamoDB and sends reminders through Amazon SNS.
AnyOrgApp customers sign in with Amazon Cognito user pools.`},
	{id: "anyorgapp-launch", title: "AnyOrgApp Launch Plan", path: anyOrgWiki + "launch", acl: anyOrgACL, day: 7, content: `The AnyOrgApp launch date is November 3, 2025, in the US and Canada.
The AnyOrgApp launch campaign starts two weeks earlier with email and in-store posters.
AnyOrgApp launch readiness is decided at a review on October 20, 2025.`},
	{id: "anyorgapp-vendor", title: "AnyOrgApp Vendor Contracts", path: anyOrgWiki + "vendors", acl: anyOrgACL, day: 8, content: `The main AnyOrgApp vendor is Umbrella Mobile Studio, which builds the app screens.
The Umbrella contract for AnyOrgApp is worth $380,000 and ends in March 2026.
AnyOrgApp uses Hooli Maps for store locations under a usage-based license.`},
	{id: "anyorgapp-status", title: "AnyOrgApp Weekly Status Report", path: anyOrgWiki + "status", acl: anyOrgACL, day: 30, content: `AnyOrgApp status for the week of April 28, 2025 is amber because of the calendar integration.
The AnyOrgApp booking flow is feature complete on iOS and in testing on Android.
Next week the AnyOrgApp developers fix the accessibility findings from the audit.`},
	{id: "anyorgapp-security", title: "AnyOrgApp Security Review", path: anyOrgWiki + "security-review", acl: anyOrgACL, day: 20, content: `The AnyOrgApp security review found that push notification tokens were logged in plain text.
AnyOrgApp must pass a penetration test by an external firm before the beta.`},
	{id: "anyorgapp-faq", title: "AnyOrgApp FAQ", path: anyOrgWiki + "faq", acl: anyOrgACL, day: 21, content: `AnyOrgApp is the customer-facing appointment booking app.
Questions about AnyOrgApp go to the #anyorgapp channel.
AnyOrgApp beta builds are distributed through TestFlight and the Play Console.`},
	{id: "anyorgapp-roadmap", title: "AnyOrgApp Product Roadmap", path: anyOrgWiki + "roadmap", acl: anyOrgACL, day: 31, content: `After general availability, AnyOrgApp adds video consultations in the first quarter of 2026.
AnyOrgApp loyalty points are planned for the second quarter of 2026.
The AnyOrgApp roadmap is reviewed monthly by Paulo Santos and Mateo Jackson.`},
}
