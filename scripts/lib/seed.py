"""Demo data for scripts/dev: real Auth users with roles, created through the deployed callables.

The first admin is made the way an operator makes one (scripts/create-admin's Admin SDK path);
everything after that goes through the callables, as the apps would.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from scripts.lib.emulator_clients import DEMO_PASSWORD, AuthEmulator, Endpoints, Functions, User

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "functions"))

SHOP_NAMES = ("Corner Bakery", "Blue Bike Shop", "Green Grocer")
AFFILIATE_NAMES = (("Daily Deals Blog", "DEALS10"), ("Campus Coupons", "CAMPUS"))
CUSTOMER_NAMES = (
    "Ada Lovelace",
    "Alan Turing",
    "Grace Hopper",
    "Edsger Dijkstra",
    "Barbara Liskov",
    "Donald Knuth",
    "Margaret Hamilton",
    "Ken Thompson",
    "Frances Allen",
    "John McCarthy",
    "Radia Perlman",
    "Tim Berners-Lee",
    "Katherine Johnson",
    "Dennis Ritchie",
    "Sophie Wilson",
    "Linus Torvalds",
    "Hedy Lamarr",
    "Guido van Rossum",
    "Anita Borg",
    "Bjarne Stroustrup",
)


@dataclass
class DemoData:
    admin: User
    shop_owners: dict[str, User] = field(default_factory=dict)  # shopId -> owner
    affiliates: dict[str, User] = field(default_factory=dict)  # affiliateId -> user
    customers: list[User] = field(default_factory=list)

    def logins(self) -> list[tuple[str, str, str]]:
        """(role, email, what it sees) for the printed login table."""
        rows = [("admin", self.admin.email or "", "everything")]
        rows += [("shop", u.email or "", f"shop {sid}") for sid, u in self.shop_owners.items()]
        rows += [("affiliate", u.email or "", f"affiliate {aid}") for aid, u in self.affiliates.items()]
        rows += [("customer", u.email or "", "own data") for u in self.customers[:3]]
        if len(self.customers) > 3:
            rows.append(("customer", f"customer04..{len(self.customers):02d}@storepulse.test", "own data"))
        return rows


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")


def make_first_admin(endpoints: Endpoints, email: str) -> User:
    """Create the admin with the Admin SDK path of scripts/create-admin, then sign in."""
    from scripts.lib.create_admin import main as create_admin

    create_admin(["--email", email, "--password", DEMO_PASSWORD, "--project", endpoints.project_id])
    return AuthEmulator(endpoints).sign_in(email)


def seed_demo(endpoints: Endpoints) -> DemoData:
    auth = AuthEmulator(endpoints)
    functions = Functions(endpoints)
    demo = DemoData(admin=make_first_admin(endpoints, "admin@storepulse.test"))

    def grant(user: User, role: str, **ids: str) -> User:
        functions.call("set_user_role", {"uid": user.uid, "role": role, **ids}, demo.admin)
        return auth.refresh(user)

    for number, name in enumerate(SHOP_NAMES, start=1):
        owner = auth.create_user(email=f"owner{number}@storepulse.test", display_name=f"Owner of {name}")
        shop_id = _slug(name)
        demo.shop_owners[shop_id] = grant(owner, "shop", shopId=shop_id)
    for number, (name, _code) in enumerate(AFFILIATE_NAMES, start=1):
        user = auth.create_user(email=f"affiliate{number}@storepulse.test", display_name=name)
        affiliate_id = _slug(name)
        demo.affiliates[affiliate_id] = grant(user, "affiliate", affiliateId=affiliate_id)
    for number, name in enumerate(CUSTOMER_NAMES, start=1):
        user = auth.create_user(email=f"customer{number:02d}@storepulse.test", display_name=name)
        demo.customers.append(grant(user, "customer"))
    return demo
