# Test data for shopbench: UDS modules added to the running elm327-emulator's
# 'car' scenario (run in its console with exec(open(PATH).read())).
#
# Each module answers only requests sent to its own header (AT SH), as a real
# module does; the emulator adds the response header (request + 8) and the
# ISO-TP framing itself (<answer>). The scenario's catch-all TesterPresent,
# which answers on every header, is removed: an address with no module must
# stay silent (NO DATA).
#
# A front-left collision: ABS wheel-speed sensor, side-impact sensor, radar
# calibration; the body module has only a history code.
import elm.obd_message as _om

_car = emulator.ObdMessage['car']
_car.pop('UDS_TESTER_PRESENT', None)


def _hexs(text):
    return text.encode().hex().upper()


_VIN = _hexs('SB1ZS3JE60E282102')

_MODULES = {
    # header: [(request, [answer payloads], optional expression run when answered)]
    '7E0': [
        ('1902FF', ['5902FF0171002F01740028']),
        ('22F190F18CF187', ['62F190' + _VIN + 'F18C' + _hexs('E2871Q') + 'F187' + _hexs('89661-02K31')]),
        ('22F191F195F197', ['62F197' + _hexs('ECM')]),
        ('1904017100FF', ['5904017100 2F 01 03 F40C1A0C F40D32 F4057E'.replace(' ', '')]),
        ('1906017100FF', ['5906017100 2F 01 05'.replace(' ', '')]),
        ('1904017400FF', ['590401740028']),
        ('1906017400FF', ['590601740028']),
    ],
    '7B0': [
        ('3E00', ['7E00']),
        ('22F190F18CF187', ['62F190' + _VIN + 'F18C' + _hexs('ABS0042') + 'F187' + _hexs('44050-02A31')]),
        ('22F191F195F197', ['62F191' + _hexs('HW 2.1') + 'F195' + _hexs('SW 7.03') + 'F197' + _hexs('ABS/ESC')]),
        ('1902FF', ['5902FF40351CAFC1008728']),
        ('190440351CFF', ['590440351CAF0101F40D32']),
        ('190640351CFF', ['590640351CAF0103']),
        ('1904C10087FF', ['5904C1008728']),
        ('1906C10087FF', ['5906C1008728']),
    ],
    '737': [
        ('3E00', ['7E00']),
        ('22F190F18CF187', ['62F18C' + _hexs('SRS-77')]),
        ('22F191F195F197', ['62F197' + _hexs('Airbag (SRS)')]),
        ('1902FF', ['7F1978', '5902FF80921389']),
        ('1904809213FF', ['5904809213890101F40D32']),
        ('1906809213FF', ['7F1912']),
    ],
    '726': [
        ('3E00', ['7E00']),
        ('22F190F18CF187', ['7F2213']),
        ('22F191F195F197', ['7F2213']),
        ('22F190', ['62F190' + _VIN]),
        ('22F18C', ['7F2231']),
        ('22F187', ['62F187' + _hexs('BCM-1188')]),
        ('22F191', ['7F2231']),
        ('22F195', ['7F2231']),
        ('22F197', ['62F197' + _hexs('Body control')]),
        ('1902FF', ['5902FFC1210028']),
    ],
    '7A4': [
        ('3E00', ['7E00']),
        ('22F190F18CF187', ['62F187' + _hexs('RADAR-9')]),
        ('22F191F195F197', ['62F197' + _hexs('Front radar')]),
        # 19 02 only in the extended session: 10 03 switches this answer
        ('1902FF', ['7F197F']),
        ('1003', ['5003003201F4'], "self.ObdMessage['car']['SHOPBENCH_UDS_7A4_1902FF']"
                                   ".update(Response='&lt;answer&gt;5902FF44105489&lt;/answer&gt;')"),
        ('1001', ['5001003201F4']),
        ('1904441054FF', ['5904441054890101F40D00']),
        ('1906441054FF', ['7F1931']),
    ],
}

for _header, _entries in _MODULES.items():
    for _entry in _entries:
        _req, _answers = _entry[0], _entry[1]
        _xml = ''.join('<answer>%s</answer>' % a for a in _answers)
        if len(_entry) > 2:  # a state change, run when answered
            _xml += '<eval>%s</eval>' % _entry[2]
        _car['SHOPBENCH_UDS_%s_%s' % (_header, _req)] = {
            'Request': '^' + _req + _om.ELM_FOOTER,
            'Descr': 'shopbench test module %s %s' % (_header, _req),
            'Header': _header,
            'Response': _xml,
        }

emulator.set_sorted_obd_msg()
