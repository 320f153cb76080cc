import AWS
import Testing

@Suite("AWSDate")
struct AWSDateTests {
    @Test("formats the test suite's instant as amz-date and date stamp")
    func testSuiteInstant() {
        let date = AWSDate(secondsSince1970: 1_440_938_160)
        #expect(date.amzDate == "20150830T123600Z")
        #expect(date.dateStamp == "20150830")
    }

    @Test("formats calendar edge cases in UTC", arguments: [
        (Int64(0), "19700101T000000Z"),
        (-1, "19691231T235959Z"),
        (951_868_799, "20000229T235959Z"),
        (4_107_542_400, "21000301T000000Z"),
        (253_402_300_799, "99991231T235959Z"),
        (-62_135_596_800, "00010101T000000Z"),
    ])
    func formatsEdgeCases(seconds: Int64, amzDate: String) {
        #expect(AWSDate(secondsSince1970: seconds).amzDate == amzDate)
    }

    @Test("parsing an amz-date gives back the same second", arguments: [
        "20150830T123600Z", "19700101T000000Z", "19691231T235959Z", "20000229T235959Z", "21000301T000000Z",
        "00010101T000000Z", "99991231T235959Z",
    ])
    func roundTrips(amzDate: String) throws {
        let date = try #require(AWSDate(amzDate: amzDate))
        #expect(date.amzDate == amzDate)
    }

    @Test("calendar fields map to epoch seconds")
    func calendarFields() {
        #expect(AWSDate(year: 2015, month: 8, day: 30, hour: 12, minute: 36)?.secondsSince1970 == 1_440_938_160)
        #expect(AWSDate(year: 2000, month: 2, day: 29, hour: 23, minute: 59, second: 59)?.secondsSince1970
            == 951_868_799)
    }

    @Test("rejects malformed amz-dates and impossible calendar dates", arguments: [
        "2015-08-30T12:36:00Z", "20150830T123600", "20150830 123600Z", "2015083OT123600Z", "20150230T000000Z",
        "21000229T000000Z", "20151301T000000Z", "20150830T240000Z", "20150830T126000Z", "",
    ])
    func rejectsMalformed(text: String) {
        #expect(AWSDate(amzDate: text) == nil)
    }

    @Test("now() is a plausible present time")
    func nowIsPresent() {
        let now = AWSDate.now()
        #expect(now > AWSDate(year: 2024, month: 1, day: 1) ?? now)
        #expect(now < AWSDate(year: 2200, month: 1, day: 1) ?? now)
    }
}
