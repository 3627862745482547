package org.jpasta.arp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.jpasta.wire.ArpPacket;
import org.jpasta.wire.EthernetFrame;
import org.jpasta.wire.Frames;
import org.jpasta.wire.Ipv4Address;
import org.jpasta.wire.MacAddress;
import org.junit.jupiter.api.Test;

class ArpResponderTest {
    private static final String GUEST_MAC = "46e07a3b1c01";
    private static final String PASTA_MAC = "9a559a559a55";
    private static final String GUEST_IP = "c0000202";   // 192.0.2.2
    private static final String GATEWAY_IP = "c0000201"; // 192.0.2.1
    private static final String PADDING = "00".repeat(18);

    private final ArpResponder responder = new ArpResponder(MacAddress.PASTA_DEFAULT, Ipv4Address.parse("192.0.2.2"));
    private final EthernetFrame eth = new EthernetFrame();
    private final ArpPacket arp = new ArpPacket();
    private final ByteBuffer out = Frames.output(80);

    /** An ARP frame from the guest with the given operation and addresses. */
    private static String frame(String operation, String senderIp, String targetIp) {
        return "ffffffffffff" + GUEST_MAC + "0806" + "00010800" + "0604" + operation + GUEST_MAC + senderIp
                + "000000000000" + targetIp;
    }

    private int respondTo(String frame) {
        ByteBuffer buf = Frames.direct(frame);
        assertTrue(eth.wrap(buf, Frames.OFFSET, frame.length() / 2));
        assertTrue(arp.wrap(buf, eth.payloadOffset(), eth.payloadLength()));
        return responder.respond(eth, arp, out, 3);
    }

    @Test
    void answersARequestForTheGatewayWithPastasMac() {
        int length = respondTo(frame("0001", GUEST_IP, GATEWAY_IP));
        assertEquals(60, length);
        assertEquals(GUEST_MAC + PASTA_MAC + "0806" + "0001080006040002" + PASTA_MAC + GATEWAY_IP + GUEST_MAC + GUEST_IP
                + PADDING, Frames.hex(out, 3, 60));
    }

    @Test
    void answersRequestsForAnyOtherAddress() {
        int length = respondTo(frame("0001", GUEST_IP, "5db8d822"));
        assertEquals(60, length);
        assertEquals(PASTA_MAC + "5db8d822" + GUEST_MAC + GUEST_IP, Frames.hex(out, 3 + 22, 20));
    }

    @Test
    void answersAProbeFromTheUnspecifiedAddress() {
        int length = respondTo(frame("0001", "00000000", GATEWAY_IP));
        assertEquals(60, length);
        assertEquals(GUEST_MAC + PASTA_MAC + "0806" + "0001080006040002" + PASTA_MAC + GATEWAY_IP + GUEST_MAC + "00000000"
                + PADDING, Frames.hex(out, 3, 60));
    }

    @Test
    void repliesToTheEthernetSourceNotTheSenderHardwareAddress() {
        String frame = frame("0001", GUEST_IP, GATEWAY_IP).replaceFirst("ffffffffffff" + GUEST_MAC,
                "ffffffffffff" + "020000000001");
        respondTo(frame);
        assertEquals("020000000001", Frames.hex(out, 3, 6));
        assertEquals(GUEST_MAC, Frames.hex(out, 3 + 32, 6));
    }

    @Test
    void ignoresGratuitousAnnouncements() {
        assertEquals(0, respondTo(frame("0001", GUEST_IP, GUEST_IP)));
        assertEquals(0, respondTo(frame("0001", "c000024d", "c000024d")));
    }

    @Test
    void ignoresRequestsForTheGuestsOwnAddress() {
        assertEquals(0, respondTo(frame("0001", "00000000", GUEST_IP)));
        assertEquals(0, respondTo(frame("0001", "c0000263", GUEST_IP)));
    }

    @Test
    void ignoresRepliesAndOtherOperations() {
        assertEquals(0, respondTo(frame("0002", GUEST_IP, GATEWAY_IP)));
        assertEquals(0, respondTo(frame("0003", GUEST_IP, GATEWAY_IP)));
    }

    @Test
    void ignoresOtherHardwareOrProtocols() {
        String request = frame("0001", GUEST_IP, GATEWAY_IP);
        assertEquals(0, respondTo(request.replace("00010800" + "0604", "00060800" + "0604")));
        assertEquals(0, respondTo(request.replace("00010800" + "0604", "000186dd" + "0604")));
        assertEquals(0, respondTo(request.replace("00010800" + "0604", "00010800" + "0605")));
        assertEquals(0, respondTo(request.replace("00010800" + "0604", "00010800" + "0704")));
    }

    @Test
    void writesTheInitialRequestForTheGuest() {
        int length = responder.writeGuestRequest(out, 0, Ipv4Address.parse("192.0.2.1"));
        assertEquals(60, length);
        assertEquals("ffffffffffff" + PASTA_MAC + "0806" + "0001080006040001" + PASTA_MAC + GATEWAY_IP
                + "ffffffffffff" + GUEST_IP + PADDING, Frames.hex(out, 0, 60));
    }

    @Test
    void writesAnAnnouncement() {
        int length = ArpResponder.writeAnnouncement(out, 0, Ipv4Address.parse("192.0.2.1"), 0x020000000001L);
        assertEquals(60, length);
        assertEquals("ffffffffffff" + "020000000001" + "0806" + "0001080006040001" + "020000000001" + GATEWAY_IP
                + "000000000000" + GATEWAY_IP + PADDING, Frames.hex(out, 0, 60));
        assertTrue(arp.wrap(out, 14, 28));
        assertFalse(responder.shouldAnswer(arp));
    }
}
