import Bus
import Model
import Testing

private func claimant(_ tenant: String, _ principal: String = "p") -> Claimant {
    Claimant(tenant: TenantID(tenant)!, principal: principal)
}

/// Takes units one at a time for `who` while they fit; returns how many it got.
private func fill(_ share: inout FairShare, _ who: Claimant?) -> Int {
    var taken = 0
    while share.verdict(who, 1) == .fits {
        share.take(who, 1)
        taken += 1
    }
    return taken
}

@Suite("Fair shares of a bounded resource")
struct FairShareTests {
    @Test("a lone tenant with one principal may hold 9/16 of the resource; the principal is refused past it, not the tenant")
    func loneClaimant() {
        var share = FairShare(capacity: 64)
        #expect(fill(&share, claimant("a")) == 36)
        #expect(share.verdict(claimant("a"), 1) == .principalAtShare)
        #expect(share.verdict(claimant("a", "other"), 1) == .fits)
    }

    @Test("a lone tenant's principals together may hold 3/4, and a newcomer tenant then still finds a quarter free")
    func newcomerFindsAQuarter() {
        var share = FairShare(capacity: 64)
        for principal in ["p1", "p2", "p3", "p4"] { _ = fill(&share, claimant("a", principal)) }
        #expect(share.held == 48)
        #expect(share.verdict(claimant("a", "p5"), 1) == .tenantAtShare)
        #expect(fill(&share, claimant("b")) == 16)
        #expect(share.verdict(claimant("c"), 1) == .full)
    }

    @Test("a tenant over its fair share takes nothing more, however long it asks, until it falls back under it")
    func overShareWaits() {
        var share = FairShare(capacity: 12)
        for principal in ["p1", "p2", "p3", "p4"] { _ = fill(&share, claimant("a", principal)) }
        #expect(share.units(of: TenantID("a")!) == 9)
        share.take(claimant("b"), 1)
        #expect(share.verdict(claimant("a", "p1"), 1) == .tenantAtShare)
        #expect(share.verdict(claimant("a", "p5"), 1) == .tenantAtShare)
        // Fair share with one other tenant holding some: 12 / 3 = 4; a holds 9.
        for _ in 0..<5 { share.give(claimant("a", "p1"), 1) }
        #expect(share.verdict(claimant("a", "p1"), 1) == .fits, "a holds 4 of 12 after giving back 5, within 3/4 in all")
    }

    @Test("a lone claim always fits, even one larger than the capacity; while anything is held, a claim past the capacity is full")
    func loneClaimLargerThanCapacity() {
        var share = FairShare(capacity: 100)
        #expect(share.verdict(claimant("a"), 500) == .fits)
        share.take(claimant("a"), 500)
        #expect(share.verdict(claimant("b"), 1) == .full)
        share.give(claimant("a"), 500)
        #expect(share.held == 0)
        #expect(share.units(of: TenantID("a")!) == 0)
    }

    @Test("claims without a claimant count against the capacity only")
    func serviceClaims() {
        var share = FairShare(capacity: 8)
        #expect(fill(&share, nil) == 8)
        #expect(share.verdict(claimant("a"), 1) == .full)
    }

    @Test("every tenant gets its first unit while there is room, whatever others hold")
    func firstUnitAlwaysFits() {
        var share = FairShare(capacity: 4)
        share.take(claimant("a"), 3)
        #expect(share.verdict(claimant("b"), 1) == .fits)
        #expect(share.verdict(claimant("b"), 2) == .full)
    }
}
