"""Seed the three Compacts of ../shared/seeds/ with their rule parameters (RULES.md §1) and commitments.

These are the only literal 12, 3 and 6 in the project: everywhere else reads them from the rows.
"""

from datetime import date

from django.db import migrations

PUBLIC, VCS, BOTH = "public", "voluntary_community", "both"

COMPACTS = [
    {
        "slug": "herefordshire",
        "name": "Herefordshire Compact",
        "area": "Herefordshire",
        "summary": (
            "Working Well Together: the agreement between the public, voluntary and community "
            "sectors in Herefordshire (2014, revising 2012), with its code of practice on "
            "informing, consulting and partnership (2009)."
        ),
        "adopted_on": date(2014, 1, 1),
        "reviewed_on": date(2014, 1, 1),
        "document_title": "Working Well Together — Herefordshire Compact (2014)",
        "contact_email": "enquiries@herefordshirecompact.org.uk",
        "consultation_min_weeks": 12,
        "funding_end_notice_months": 3,
        "renewal_notice_months": 3,
        "min_term_years": 3,
        "formal_stage_weeks": 6,
        "informing_notice_weeks": 4,
        "meeting_notice_weeks": 4,
        "act_notice_weeks_min": 1,
        "act_notice_weeks_ideal": 4,
        "resolution_stages": ["informal", "formal", "additional"],
        "exceptional_circumstances_allowed": False,
        "clauses": {
            "consultation_min_weeks": "Working Together; code of practice 10.2.1",
            "funding_end_notice_months": "Funding and procurement (public sector)",
            "renewal_notice_months": "Funding and procurement (public sector)",
            "min_term_years": "Funding and procurement (public sector)",
            "formal_stage_weeks": "Resolution Procedure, Stage Two",
            "informing_notice_weeks": "code of practice 9.2.2",
            "meeting_notice_weeks": "code of practice 11.2.1",
            "act_notice_weeks_min": "code of practice 11.3.1",
            "act_notice_weeks_ideal": "code of practice 11.3.1",
            "resolution_stages": "Resolution Procedure",
        },
        "commitments": [
            (
                "WT-1",
                "Working together from the start",
                BOTH,
                "consultation",
                "Work together from the earliest possible stage to develop and design future policies and services.",
            ),
            (
                "WT-2",
                "Inform, consult and involve",
                BOTH,
                "consultation",
                "Inform, consult and involve each other on issues that are likely to affect us and those we represent.",
            ),
            (
                "WT-3",
                "Twelve weeks for consultation responses",
                BOTH,
                "consultation",
                "Allow 12 weeks for consultation responses, unless legal or other restrictions make this impossible, in which case this should be made clear from the beginning.",
            ),
            (
                "WT-4",
                "Feedback on consultations",
                BOTH,
                "consultation",
                "Provide feedback showing how responses from consultations have helped to shape decisions and influence the design and development of policies and services.",
            ),
            (
                "10.2.1",
                "Consultation deadline (code of practice)",
                PUBLIC,
                "consultation",
                "A deadline of no less than twelve weeks for policies and plans should be clearly stated. It is recognised that some exceptions may occur and a shorter period applied by agreement.",
            ),
            (
                "10.2.5",
                "Anonymous responses (code of practice)",
                PUBLIC,
                "consultation",
                "Respondents should be able to comment anonymously if they wish.",
            ),
            (
                "10.2.6",
                "Petitions (code of practice)",
                PUBLIC,
                "consultation",
                "Petitions must be taken into account.",
            ),
            (
                "10.2.7",
                "Acknowledging responses (code of practice)",
                PUBLIC,
                "consultation",
                "All responses to consultations should be acknowledged unless it was stated at the start of the consultation exercise that they would not be.",
            ),
            (
                "10.2.8",
                "Notifying respondents (code of practice)",
                PUBLIC,
                "consultation",
                "Once a decision has been made, respondents should be formally notified including how or if the result was affected by the consultation.",
            ),
            (
                "FP-1",
                "Risk assessment",
                BOTH,
                "funding",
                "Ensure a risk assessment is in place for any funding agreement and ensure all risks are actively managed and fairly apportioned.",
            ),
            (
                "FP-2",
                "Outcomes agreed beforehand",
                BOTH,
                "funding",
                "Agree how outcomes, including the social, environmental or economic values, will be monitored before a contract or funding agreement is made.",
            ),
            (
                "FP-3",
                "Impact before reducing or ending funding",
                BOTH,
                "changes",
                "Assess the impact on beneficiaries, service users and volunteers before deciding to reduce or end funding or service delivery.",
            ),
            (
                "FP-4",
                "Contracts of three years or longer",
                PUBLIC,
                "funding",
                "Recognising the need for contracts to be in place for three years or longer, wherever possible to allow for planning. If this is not possible, clear reasons will be given.",
            ),
            (
                "FP-5",
                "Three months' notice in writing",
                PUBLIC,
                "changes",
                "Giving at least three months notice in writing when ending a financial relationship, outlining reasons in full.",
            ),
            (
                "FP-6",
                "Renewal decisions three months ahead",
                PUBLIC,
                "funding",
                "Ensuring people with contracts are, wherever possible, notified about decisions to renew them at least three months before the renewal date (if this is not possible a clear explanation will be provided).",
            ),
            (
                "FP-7",
                "Full cost recovery",
                PUBLIC,
                "funding",
                "Recognising the principle of full cost recovery.",
            ),
            (
                "FP-8",
                "Prompt payment and payment in advance",
                PUBLIC,
                "funding",
                "Making payments promptly and being open to paying in advance, where appropriate and possible.",
            ),
            (
                "FP-9",
                "Equality Impact Assessments before cuts",
                PUBLIC,
                "changes",
                "Ensuring Equality Impact Assessments are carried out before any negotiations are held over reductions in funding or when considering ending a financial relationship.",
            ),
            (
                "RP-1",
                "Stage one: informal",
                BOTH,
                "resolution",
                "If an organisation has any difficulty in its relationship with another, it should first try to resolve this through discussion.",
            ),
            (
                "RP-2",
                "Stage two: formal panel within six weeks",
                BOTH,
                "resolution",
                "The issue will be logged and a panel drawn up from within the Compact Reference Group, made up of members who are objective, cross sector and have no links with either organisation. This should happen within six weeks of initial contact being made.",
            ),
            (
                "RP-3",
                "Stage three: additional support",
                BOTH,
                "resolution",
                "If the formal process hasn't found a solution, the panel will support both organisations in seeking further mediation through alternative means.",
            ),
            (
                "RP-4",
                "Personal details stay confidential",
                BOTH,
                "resolution",
                "Any complaints regarding Compact compliance are monitored and recorded. We will ensure all personal details remain confidential.",
            ),
            (
                "11.2.6",
                "Conflicts of interest (code of practice)",
                BOTH,
                "information",
                "Conflicts of interest must be declared and recorded.",
            ),
            (
                "13.1",
                "Raising a breach (code of practice)",
                BOTH,
                "resolution",
                "If an organisation considers that the values, undertakings or standards in this Code have not been followed it should identify where the Code has not been followed and by which organisation.",
            ),
        ],
    },
    {
        "slug": "hertfordshire",
        "name": "Hertfordshire Compact",
        "area": "Hertfordshire",
        "summary": (
            "Working Together Better Together: undertakings by Hertfordshire's statutory "
            "organisations (SO) and its voluntary and community sector (VCS), 2016."
        ),
        "adopted_on": date(2016, 1, 1),
        "reviewed_on": date(2018, 1, 1),
        "document_title": "Working Together Better Together — Hertfordshire Compact (2016)",
        "consultation_min_weeks": 12,
        "funding_end_notice_months": 3,
        "renewal_notice_months": None,
        "min_term_years": 2,
        "formal_stage_weeks": None,
        "resolution_stages": ["informal", "formal", "mediation"],
        "exceptional_circumstances_allowed": True,
        "clauses": {
            "consultation_min_weeks": "2.4",
            "funding_end_notice_months": "4.4",
            "min_term_years": "3.4",
            "exceptional_circumstances_allowed": "4.4",
            "resolution_stages": "(procedure published on the Compact's website)",
        },
        "commitments": [
            (
                "1.4",
                "Transparency",
                PUBLIC,
                "working_together",
                "Ensure greater transparency by making data and information more accessible; helping VCS to make appropriate challenges and allowing them to access new and existing markets of service provision.",
            ),
            (
                "1.11",
                "Using established procedures",
                BOTH,
                "resolution",
                "When working jointly with another organisation, respect each other's organisational processes and use established procedures to address any concerns or queries that arise.",
            ),
            (
                "2.3",
                "Earliest possible stage",
                PUBLIC,
                "consultation",
                "Work with VCS from the earliest possible stage to design policies, programmes and services. Ensure those likely to have a view are involved and remove barriers that may prevent organisations contributing.",
            ),
            (
                "2.4",
                "Notice of consultations and 12 weeks",
                PUBLIC,
                "consultation",
                "Give notice of forthcoming consultations relevant to the VCS, allowing where possible enough time for VCS to involve their service users, beneficiaries, members, volunteers and trustees in preparing responses. Where it is appropriate, and enables meaningful engagement, conduct 12-week formal written consultations, with a rationale given for shorter time frames or for not having a written consultation.",
            ),
            (
                "2.5",
                "Feedback on consultations",
                PUBLIC,
                "consultation",
                "Provide feedback, where appropriate, to explain how respondents have influenced the design and development of policies programmes and public services including where respondents' views have not been acted upon.",
            ),
            (
                "2.7",
                "Who is represented",
                VCS,
                "consultation",
                "Be clear, when making representation, who is being represented in what capacity and on what basis that representation is being made.",
            ),
            (
                "3.2",
                "A range of ways to fund",
                PUBLIC,
                "funding",
                "Consider a range of ways to fund and support VCS where they are delivering SO aims and objectives including grants, contracts, sub-contracting and use of resources and premises.",
            ),
            (
                "3.4",
                "Multi-year funding",
                PUBLIC,
                "funding",
                "Commit to multi-year funding, where appropriate, and where it adds value for money. If multi-year funding is not considered to be the best way of delivering the objective, explain the reasons for the decision.",
            ),
            (
                "3.6",
                "Outcomes agreed beforehand",
                PUBLIC,
                "funding",
                "Agree with VCSs how outcomes will be monitored before a contract or funding agreement is made.",
            ),
            (
                "3.8",
                "Full cost recovery",
                PUBLIC,
                "funding",
                "Recognise that when VCS apply for funding they can include appropriate and relevant overheads.",
            ),
            (
                "3.9",
                "Risk allocation",
                PUBLIC,
                "funding",
                "Discuss and allocate risks to the organisation(s) best equipped to manage them.",
            ),
            (
                "3.10",
                "Payment in advance",
                PUBLIC,
                "funding",
                "Ensure that the widest possible range of organisations can be involved in the provision of services through appropriate funding and financing models, for example outcome based payments and payment in advance of expenditure.",
            ),
            (
                "3.19",
                "Annual survey",
                BOTH,
                "working_together",
                "Encourage feedback through an annual survey from a range of sources on the effectiveness of the SO/VCS partnership and how successful it has been in delivering shared objectives. Place this feedback in the public domain.",
            ),
            (
                "4.1",
                "Improvement plan first",
                PUBLIC,
                "changes",
                "If a programme or service is encountering problems agree with the VCS a timetable of actions to improve performance before making a decision to end a financial relationship.",
            ),
            (
                "4.2",
                "Impact before reducing or ending funding",
                PUBLIC,
                "changes",
                "Assess the impact on beneficiaries, service users and volunteers before deciding to reduce or end funding.",
            ),
            (
                "4.3",
                "Discuss changes early",
                PUBLIC,
                "changes",
                "Where there are restrictions or changes to future resources discuss with VCSs the potential implications as early as possible.",
            ),
            (
                "4.4",
                "Three months' notice in writing",
                PUBLIC,
                "changes",
                "Give a minimum of three months' notice in writing when changing or ending a funding relationship or other support apart from in exceptional circumstances and provide a clear rationale for why the decision has been taken.",
            ),
            (
                "4.8",
                "Planning for the end of funding",
                BOTH,
                "changes",
                "Jointly plan for the end of contracts and funding to minimise negative impacts on beneficiaries and services.",
            ),
            (
                "5.1",
                "Under-represented groups",
                PUBLIC,
                "equality",
                "Work with VCS that represent, support or provide services to people specifically protected by legislation and other under-represented and disadvantaged groups.",
            ),
        ],
    },
    {
        "slug": "chelmsford",
        "name": "Chelmsford Compact",
        "area": "Chelmsford (Essex)",
        "summary": (
            "Working Together: a Compact for the communities of Chelmsford (2011 review), "
            "between its statutory organisations and voluntary sector organisations (VSOs)."
        ),
        "adopted_on": date(2011, 1, 1),
        "reviewed_on": date(2011, 1, 1),
        "document_title": "Working Together — a Compact for the communities of Chelmsford (2011)",
        "consultation_min_weeks": 12,
        "funding_end_notice_months": 6,
        "renewal_notice_months": None,
        "min_term_years": 3,
        "formal_stage_weeks": None,
        "resolution_stages": ["informal", "mediation", "steering_group"],
        "exceptional_circumstances_allowed": False,
        "clauses": {
            "consultation_min_weeks": "§2",
            "funding_end_notice_months": "§4",
            "min_term_years": "§3",
            "resolution_stages": "If things go wrong",
        },
        "commitments": [
            (
                "§2.1",
                "Involve at the start",
                PUBLIC,
                "consultation",
                "Involve VSOs at the start of policy development, remove barriers that may prevent organisations from contributing, and empower the voluntary sector to start discussion within affected communities.",
            ),
            (
                "§2.2",
                "Early notice and 12 weeks",
                PUBLIC,
                "consultation",
                "Give early notice of consultations and allow enough time (12 weeks) for VSOs to involve their service users, members, beneficiaries, volunteers and trustees. Where a shorter time frame is necessary, provide sound reasons.",
            ),
            (
                "§2.3",
                "Feedback on responses",
                PUBLIC,
                "consultation",
                "Be clear which matters are open to change and which are not, providing feedback on how responses have influenced new policies, programmes and services.",
            ),
            (
                "§2.4",
                "Who is represented",
                VCS,
                "consultation",
                "Involve service users, beneficiaries, volunteers when preparing responses, being clear about who is being represented, in what capacity and on what basis representation is being made.",
            ),
            (
                "§3.1",
                "Funding agreements of 3 years or more",
                PUBLIC,
                "funding",
                "Consider a range of ways to resource VSOs, including grants, contracts, loan finance, use of premises; committing to funding agreements of 3 years or more where possible.",
            ),
            (
                "§3.2",
                "Payment in advance",
                PUBLIC,
                "funding",
                "Ensure that the widest possible range of organisations can be involved in the provision of services by using appropriate funding models, including payment in advance of expenditure.",
            ),
            (
                "§3.3",
                "Outcomes agreed at the outset",
                PUBLIC,
                "funding",
                "Ensure that monitoring and reporting is relevant and proportionate to the opportunity, agreeing how outcomes will be monitored at the outset.",
            ),
            (
                "§3.4",
                "Full cost recovery",
                PUBLIC,
                "funding",
                "Recognise that when VSOs apply for funding they should include appropriate and relevant overheads to ensure full cost recovery for their activities.",
            ),
            (
                "§4.1",
                "Action plan before ending funding",
                PUBLIC,
                "changes",
                "If a programme or service is encountering problems, agree an action plan for improvements before making decision to end a financial relationship.",
            ),
            (
                "§4.2",
                "Impact on all stakeholders",
                PUBLIC,
                "changes",
                "Assess the impact on all stakeholders before reducing or ending funding. Consider the wider impact on the continued viability of the VSO or service.",
            ),
            (
                "§4.4",
                "Six months' notice in writing",
                PUBLIC,
                "changes",
                "Give a minimum of six months notice, in writing when ending a funding agreement.",
            ),
            (
                "§4.5",
                "Exit plans",
                VCS,
                "changes",
                "Prepare for when funding ends with exit plans that are mindful of the needs of local communities.",
            ),
            (
                "§5.1",
                "Equality",
                BOTH,
                "equality",
                "Work with VSOs to take practical steps towards eliminating discrimination, promoting equality and ensuring the voice of the under-represented and disadvantaged may be heard.",
            ),
            (
                "GW-1",
                "Raising concerns",
                BOTH,
                "resolution",
                "Each organisation has the right to raise concerns and be listened to positively.",
            ),
            (
                "GW-2",
                "Independent mediator",
                BOTH,
                "resolution",
                "Where this is not possible, the support of an independent mediator should be sought. The Essex Compact Steering Group has a mediation panel that may be able to help.",
            ),
            (
                "GW-3",
                "Telling the Steering Group",
                BOTH,
                "resolution",
                "Please let a member of the Compact Steering Group know about any disagreements that require mediation so that Working Together can be adapted and strengthened.",
            ),
        ],
    },
]


def seed(apps, schema_editor):
    Compact = apps.get_model("signatories", "Compact")
    Commitment = apps.get_model("signatories", "Commitment")
    for data in COMPACTS:
        data = dict(data)
        commitments = data.pop("commitments")
        compact, _ = Compact.objects.update_or_create(slug=data["slug"], defaults=data)
        for position, (clause, heading, party, theme, text) in enumerate(commitments):
            Commitment.objects.update_or_create(
                compact=compact,
                clause=clause,
                defaults={
                    "heading": heading,
                    "undertaken_by": party,
                    "theme": theme,
                    "text": text,
                    "position": position,
                },
            )


def unseed(apps, schema_editor):
    Compact = apps.get_model("signatories", "Compact")
    Compact.objects.filter(slug__in=[c["slug"] for c in COMPACTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("signatories", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
