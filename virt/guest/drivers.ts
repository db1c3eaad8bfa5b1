/**
 * The guest kernel's device drivers, in StackLab assembly: each driver entry point
 * checks whether the virtio device was found at boot and takes either the virtio path
 * (build descriptor chains, publish a batch, kick once, sleep until the interrupt) or
 * the register-level path (one IN/OUT per 32-bit word). Assembled together with
 * `kernel.ts`, whose constants (`.equ`) and memory map they use.
 *
 * ```
 *   virtio_init  r1 = MMIO base, r2 = queue, r3 = ring base, r7 = queue block → present?
 *                  reset, ACKNOWLEDGE|DRIVER, negotiate EVENT_IDX + VERSION_1, FEATURES_OK,
 *                  queue size 32 and ring addresses, QueueReady, DRIVER_OK (virtio §3.1.1)
 *   vq_submit    r7 = queue block, r5 = n chains (heads 0, s, 2s, …)
 *                  avail.ring[…] ← heads; used_event ← new − 1; avail.idx ← new (one write);
 *                  kick iff vring_need_event(avail_event, new, old); HLT until used.idx = new
 *   disk_io      r1 = lba, r2 = n sectors, r3 = 1 write / 0 read (buffer DISKBUF)
 *                  virtio-blk: chain i = header 3i → data 3i+1 → status 3i+2
 *                  ATA PIO:    COUNT, LBA, COMMAND, STATUS, then 128 words per sector
 *   net_send     r2 = n frames at PKTBUF + 256 i, PARAMS.bytes each
 *                  virtio-net: chain i = virtio_net_hdr 2i → frame 2i+1
 *                  NE2000 PIO: TX_LENGTH, ⌈bytes/4⌉ words, COMMAND per frame
 * ```
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DRIVERS_SOURCE } from "@virt/guest/drivers.ts";
 * assert.match(DRIVERS_SOURCE, /^vq_submit:/m);
 * ```
 *
 * @module
 */

/**
 * Assembly source of the drivers (virtio_init, vq_submit, disk_io, net_send).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DRIVERS_SOURCE } from "@virt/guest/drivers.ts";
 * assert.match(DRIVERS_SOURCE, /QueueNotify/);
 * ```
 */
export const DRIVERS_SOURCE = `
; ---- virtio_init: r1 = MMIO base, r2 = queue index, r3 = ring base, r7 = queue block
; Ring layout from r3: descriptors (16 x 32), available ring at +0x200, used ring at +0x300.
virtio_init:
        LD r0, [r1+0x000]       ; MagicValue
        LI32 r4, 0x74726976     ; "virt"
        CMP r0, r4
        JNE virtio_absent
        LD r0, [r1+0x004]       ; Version
        CMPI r0, 2
        JNE virtio_absent
        LI r0, 0
        ST r0, [r1+0x070]       ; Status = 0: reset
        LI r0, 3
        ST r0, [r1+0x070]       ; ACKNOWLEDGE | DRIVER
        LI r0, 0
        ST r0, [r1+0x014]       ; DeviceFeaturesSel = 0
        LD r4, [r1+0x010]
        LUI r5, 0x2000          ; bit 29: VIRTIO_F_EVENT_IDX
        AND r4, r5
        ST r0, [r1+0x024]       ; DriverFeaturesSel = 0
        ST r4, [r1+0x020]
        ST r4, [r7+QB_EVTIDX]
        LI r0, 1
        ST r0, [r1+0x014]       ; DeviceFeaturesSel = 1
        LD r4, [r1+0x010]
        ANDI r4, 1              ; bit 32: VIRTIO_F_VERSION_1
        ST r0, [r1+0x024]
        ST r4, [r1+0x020]
        LI r0, 11
        ST r0, [r1+0x070]       ; | FEATURES_OK
        LD r0, [r1+0x070]
        ANDI r0, 8
        CMPI r0, 0
        JEQ virtio_absent
        ST r2, [r1+0x030]       ; QueueSel
        LD r0, [r1+0x034]       ; QueueNumMax
        CMPI r0, QSIZE
        JLTU virtio_absent
        LI r0, QSIZE
        ST r0, [r1+0x038]       ; QueueNum
        LI r0, 0
        ST r3, [r1+0x080]       ; QueueDescLow
        ST r0, [r1+0x084]
        MOV r4, r3
        ADDI r4, 0x200
        ST r4, [r1+0x090]       ; QueueDriverLow (available ring)
        ST r0, [r1+0x094]
        ST r4, [r7+QB_AVAIL]
        ADDI r4, 0x100
        ST r4, [r1+0x0a0]       ; QueueDeviceLow (used ring)
        ST r0, [r1+0x0a4]
        ST r4, [r7+QB_USED]
        LI r0, 1
        ST r0, [r1+0x044]       ; QueueReady
        LI r0, 15
        ST r0, [r1+0x070]       ; | DRIVER_OK
        ST r1, [r7+QB_BASE]
        ST r2, [r7+QB_INDEX]
        LI r0, 1
        ST r0, [r7+QB_PRESENT]
        RET
virtio_absent:
        LI r0, 0
        ST r0, [r7+QB_PRESENT]
        RET

; ---- vq_submit: r7 = queue block, r5 = n chains with heads 0, s, 2s, ... (s = stride)
; Publishes them with one avail.idx update, kicks once if vring_need_event says so,
; then waits (HLT) until the device has used all of them.
vq_submit:
        LD r3, [r7+QB_AVAIL]
        LD r6, [r7+QB_SHADOW]   ; old avail idx
        LI r1, 0                ; i
        LI r2, 0                ; head
vq_fill:
        MOV r0, r6
        ADD r0, r1
        ANDI r0, 31             ; slot = (old + i) mod 32
        SHLI r0, 1
        ADD r0, r3
        STH r2, [r0+4]          ; avail.ring[slot] = head
        LD r0, [r7+QB_STRIDE]
        ADD r2, r0
        ADDI r1, 1
        CMP r1, r5
        JLT vq_fill
        MOV r4, r6
        ADD r4, r5
        ANDI r4, 0xffff         ; new avail idx
        MOV r0, r4
        ADDI r0, -1
        STH r0, [r3+68]         ; used_event = new - 1: one interrupt, after the last
        STH r4, [r3+2]          ; avail.idx = new (publishes the whole batch)
        ST r4, [r7+QB_SHADOW]
        LD r0, [r7+QB_EVTIDX]
        CMPI r0, 0
        JEQ vq_no_evtidx
        LD r2, [r7+QB_USED]
        LDH r0, [r2+260]        ; avail_event (end of the used ring)
        MOV r1, r4              ; vring_need_event: (u16)(new - event - 1) < (u16)(new - old)
        SUB r1, r0
        ADDI r1, -1
        ANDI r1, 0xffff
        MOV r0, r4
        SUB r0, r6
        ANDI r0, 0xffff
        CMP r1, r0
        JLTU vq_kick
        JMP vq_wait
vq_no_evtidx:
        LD r2, [r7+QB_USED]
        LDH r0, [r2+0]          ; used.flags & NO_NOTIFY
        ANDI r0, 1
        CMPI r0, 0
        JNE vq_wait
vq_kick:
        LD r1, [r7+QB_BASE]
        LD r0, [r7+QB_INDEX]
        ST r0, [r1+0x050]       ; QueueNotify
vq_wait:
        LD r2, [r7+QB_USED]
        LDH r0, [r2+2]          ; used.idx
        CMP r0, r4
        JEQ vq_done
        HLT                     ; sleep until the device interrupts
        JMP vq_wait
vq_done:
        RET

; ---- disk_io: r1 = lba, r2 = n sectors, r3 = 1 write / 0 read, buffer DISKBUF ---
disk_io:
        LI r7, BLK_QB
        LD r0, [r7+QB_PRESENT]
        CMPI r0, 0
        JEQ ata_io
        ; virtio-blk: chain i = descriptors 3i (header) -> 3i+1 (data) -> 3i+2 (status)
        LI r4, 0                ; i
vblk_build:
        LI32 r5, BLK_HDRS       ; header i at BLK_HDRS + 16 i: type, reserved, sector (u64)
        MOV r0, r4
        SHLI r0, 4
        ADD r5, r0
        MOV r0, r3              ; VIRTIO_BLK_T_OUT = 1, T_IN = 0: same as r3
        ST r0, [r5+0]
        LI r0, 0
        ST r0, [r5+4]
        MOV r0, r1
        ADD r0, r4
        ST r0, [r5+8]
        LI r0, 0
        ST r0, [r5+12]
        LI32 r6, BLK_DESC       ; descriptor 3i at BLK_DESC + 48 i
        MOV r0, r4
        MULI r0, 48
        ADD r6, r0
        ST r5, [r6+0]           ; addr = header
        LI r0, 0
        ST r0, [r6+4]
        LI r0, 16
        ST r0, [r6+8]           ; len 16
        MOV r0, r4
        MULI r0, 3
        ADDI r0, 1
        SHLI r0, 16
        ORI r0, 1               ; flags NEXT, next 3i+1
        ST r0, [r6+12]
        LI32 r5, DISKBUF        ; data i at DISKBUF + 512 i
        MOV r0, r4
        SHLI r0, 9
        ADD r5, r0
        ST r5, [r6+16]
        LI r0, 0
        ST r0, [r6+20]
        LI r0, 512
        ST r0, [r6+24]
        MOV r0, r4
        MULI r0, 3
        ADDI r0, 2
        SHLI r0, 16
        ORI r0, 1               ; NEXT
        CMPI r3, 0
        JNE vblk_data_flags
        ORI r0, 2               ; reads: the device writes the data buffer (WRITE)
vblk_data_flags:
        ST r0, [r6+28]
        LI32 r5, BLK_STATUS     ; status byte i
        ADD r5, r4
        ST r5, [r6+32]
        LI r0, 0
        ST r0, [r6+36]
        LI r0, 1
        ST r0, [r6+40]
        LI r0, 2                ; WRITE, no next
        ST r0, [r6+44]
        ADDI r4, 1
        CMP r4, r2
        JLT vblk_build
        MOV r5, r2
        PUSH r2
        CALL vq_submit
        POP r2
        ; check the status bytes
        LI32 r4, BLK_STATUS
        LI r7, RESULT
vblk_status:
        LDB r0, [r4+0]
        CMPI r0, 0
        JEQ vblk_status_ok
        LD r0, [r7+R_ERRORS]
        ADDI r0, 1
        ST r0, [r7+R_ERRORS]
vblk_status_ok:
        ADDI r4, 1
        ADDI r2, -1
        CMPI r2, 0
        JNE vblk_status
        RET
ata_io:                         ; register-level: every word through the data port
        OUT ATA_COUNT, r2
        OUT ATA_LBA, r1
        LI r0, 0x20             ; READ SECTORS
        CMPI r3, 0
        JEQ ata_command
        LI r0, 0x30             ; WRITE SECTORS
ata_command:
        OUT ATA_CMD, r0
        IN r0, ATA_CMD          ; status: expect DRQ (0x08), no ERR (0x01)
        ANDI r0, 9
        CMPI r0, 8
        JEQ ata_transfer
        LI r7, RESULT
        LD r0, [r7+R_ERRORS]
        ADDI r0, 1
        ST r0, [r7+R_ERRORS]
        RET
ata_transfer:
        LI32 r4, DISKBUF
        MOV r5, r2
        SHLI r5, 7
        CMPI r3, 0
        JEQ ata_read_loop
ata_write_loop:
        LD r0, [r4+0]
        OUT ATA_DATA, r0
        ADDI r4, 4
        ADDI r5, -1
        CMPI r5, 0
        JNE ata_write_loop
        RET
ata_read_loop:
        IN r0, ATA_DATA
        ST r0, [r4+0]
        ADDI r4, 4
        ADDI r5, -1
        CMPI r5, 0
        JNE ata_read_loop
        RET

; ---- net_send: r2 = n frames at PKTBUF + 256 i, PARAMS.bytes each -------------
net_send:
        LI r7, PARAMS
        LD r3, [r7+P_BYTES]
        LI r7, NET_QB
        LD r0, [r7+QB_PRESENT]
        CMPI r0, 0
        JEQ nic_send
        ; virtio-net: chain i = descriptors 2i (virtio_net_hdr, 12 B) -> 2i+1 (frame)
        LI r4, 0
vnet_build:
        LI32 r6, NET_DESC
        MOV r0, r4
        SHLI r0, 5              ; 32 bytes per pair of descriptors
        ADD r6, r0
        LI32 r5, NET_HDRS
        MOV r0, r4
        SHLI r0, 4
        ADD r5, r0
        ST r5, [r6+0]
        LI r0, 0
        ST r0, [r6+4]
        LI r0, 12
        ST r0, [r6+8]
        MOV r0, r4
        SHLI r0, 1
        ADDI r0, 1
        SHLI r0, 16
        ORI r0, 1               ; NEXT, next 2i+1
        ST r0, [r6+12]
        LI32 r5, PKTBUF
        MOV r0, r4
        SHLI r0, 8
        ADD r5, r0
        ST r5, [r6+16]
        LI r0, 0
        ST r0, [r6+20]
        ST r3, [r6+24]          ; len = frame bytes
        ST r0, [r6+28]          ; flags 0: device reads, end of chain
        ADDI r4, 1
        CMP r4, r2
        JLT vnet_build
        MOV r5, r2
        JMP vq_submit           ; tail call
nic_send:                       ; register-level: every word through the data port
        LI r1, 0                ; i
nic_frame:
        OUT NIC_LEN, r3
        LI32 r4, PKTBUF
        MOV r0, r1
        SHLI r0, 8
        ADD r4, r0
        MOV r5, r3
        ADDI r5, 3
        SHRI r5, 2              ; words = ceil(bytes / 4)
nic_word:
        LD r0, [r4+0]
        OUT NIC_DATA, r0
        ADDI r4, 4
        ADDI r5, -1
        CMPI r5, 0
        JNE nic_word
        LI r0, 1
        OUT NIC_CMD, r0         ; transmit
        ADDI r1, 1
        CMP r1, r2
        JLT nic_frame
        RET

`;
