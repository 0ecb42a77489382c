"""CRM (issue 19): leads with de-duplication against leads and master_data's parties by mobile, e-mail and
NID and conversion to a customer party; opportunities through a pipeline of stages with activities;
and the tender register (e-GP reference, closing time, bid security, submission, result and the winner's
price); quotations, and an accepted one starting the project (its BOQ) and the client contract. Docs: docs/crm.md."""

from vextrus.platform.modules import Module, NavItem, Permission

_P = "vextrus.modules.crm"

MODULE = Module(
    name="crm",
    title="CRM",
    title_bn="গ্রাহক সম্পর্ক",
    depends_on=("master_data",),
    # salespeople (auth.api), interest projects and BOQs, the demo company, quotations printed and read back;
    # an accepted quotation's project BOQ and client contract (the project itself is the user's own right:
    # projects.project.create is not borrowed)
    # (and a real-estate project's units priced on its sales price list for a quotation)
    optional=("auth", "projects", "organization", "documents", "files", "contracts", "sales"),
    uses=("master_data.party.read", "master_data.party.create", "projects.project.read", "projects.boq.read",
          "projects.boq.create", "contracts.contract.manage", "sales.inventory.read",
          "documents.document.create", "documents.document.view", "files.file.view"),
    permissions=(
        Permission("crm.lead.view", "View leads, opportunities and the pipeline board",
                   "লিড, সুযোগ ও বিক্রয় পাইপলাইন দেখা"),
        Permission("crm.lead.manage", "Register, change and convert leads", "লিড নিবন্ধন, পরিবর্তন ও রূপান্তর"),
        Permission("crm.opportunity.manage", "Manage opportunities, their stages and activities",
                   "সুযোগ, তার ধাপ ও কার্যক্রম পরিচালনা"),
        Permission("crm.tender.view", "View the tender register", "দরপত্র নিবন্ধন দেখা"),
        Permission("crm.tender.manage", "Register tenders and record their results",
                   "দরপত্র নিবন্ধন ও ফলাফল লেখা"),
        Permission("crm.quotation.view", "View quotations and print them", "দরপ্রস্তাব দেখা ও ছাপা"),
        Permission("crm.quotation.manage", "Prepare, send, revise, accept and reject quotations",
                   "দরপ্রস্তাব তৈরি, পাঠানো, সংশোধন, গ্রহণ ও প্রত্যাখ্যান"),
    ),
    nav=(NavItem("CRM", "গ্রাহক সম্পর্ক", "/crm", "crm.lead.view"),
         NavItem("Tenders", "দরপত্র", "/crm/tenders", "crm.tender.view")),
    metadata=f"{_P}.tables:Base",
    rest=f"{_P}.rest:router",
    web=f"{_P}.web:router",
    graphql=f"{_P}.graphql:SUBGRAPH",
    jobs=f"{_P}.jobs:JOBS",  # crm.expire_quotations, nightly; crm.remind_activities, hourly
    demo=f"{_P}.demo:load",
)
