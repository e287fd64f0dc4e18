	switch (t->back) {
	default: Uerror("bad return move");
	case  0: goto R999; /* nothing to undo */

		 /* CLAIM takeover */
;
		;
		;
		;
		
	case 5: // STATE 13
		;
		p_restor(II);
		;
		;
		goto R999;

		 /* PROC :init: */

	case 6: // STATE 1
		;
		now.pubidx[0] = trpt->bup.oval;
		;
		goto R999;

	case 7: // STATE 2
		;
		((P2 *)_this)->i = trpt->bup.oval;
		;
		goto R999;
;
		;
		
	case 9: // STATE 4
		;
		now.pubidx[ Index(((P2 *)_this)->i, 3) ] = trpt->bup.oval;
		;
		goto R999;

	case 10: // STATE 5
		;
		((P2 *)_this)->i = trpt->bup.oval;
		;
		goto R999;

	case 11: // STATE 11
		;
		((P2 *)_this)->i = trpt->bup.oval;
		;
		goto R999;
;
		;
		
	case 13: // STATE 13
		;
		;
		delproc(0, now._nr_pr-1);
		;
		goto R999;

	case 14: // STATE 14
		;
		((P2 *)_this)->i = trpt->bup.oval;
		;
		goto R999;

	case 15: // STATE 20
		;
		((P2 *)_this)->i = trpt->bup.oval;
		;
		goto R999;
;
		;
		
	case 17: // STATE 22
		;
		;
		delproc(0, now._nr_pr-1);
		;
		goto R999;

	case 18: // STATE 23
		;
		((P2 *)_this)->i = trpt->bup.oval;
		;
		goto R999;
;
		;
		
	case 20: // STATE 36
		;
		((P2 *)_this)->_3_6_r1 = trpt->bup.ovals[5];
		((P2 *)_this)->_3_6_r0 = trpt->bup.ovals[4];
		((P2 *)_this)->_3_6_l = trpt->bup.ovals[3];
		((P2 *)_this)->_3_6_q = trpt->bup.ovals[2];
		((P2 *)_this)->_3_6_sl = trpt->bup.ovals[1];
		((P2 *)_this)->_3_6_g = trpt->bup.ovals[0];
		;
		ungrab_ints(trpt->bup.ovals, 6);
		goto R999;

	case 21: // STATE 38
		;
		((P2 *)_this)->_3_6_sl = trpt->bup.ovals[1];
		((P2 *)_this)->_3_6_g = trpt->bup.ovals[0];
		;
		ungrab_ints(trpt->bup.ovals, 2);
		goto R999;

	case 22: // STATE 40
		;
		((P2 *)_this)->_3_6_q = trpt->bup.oval;
		;
		goto R999;

	case 23: // STATE 41
		;
	/* 0 */	((P2 *)_this)->_3_6_g = trpt->bup.oval;
		;
		;
		goto R999;

	case 24: // STATE 46
		;
		((P2 *)_this)->_3_6_l = trpt->bup.oval;
		;
		goto R999;

	case 25: // STATE 47
		;
	/* 0 */	((P2 *)_this)->_3_6_q = trpt->bup.oval;
		;
		;
		goto R999;

	case 26: // STATE 52
		;
		((P2 *)_this)->_3_6_r0 = trpt->bup.oval;
		;
		goto R999;

	case 27: // STATE 53
		;
		((P2 *)_this)->_3_6_r1 = trpt->bup.oval;
		;
		goto R999;

	case 28: // STATE 54
		;
	/* 1 */	((P2 *)_this)->_3_6_q = trpt->bup.ovals[1];
	/* 0 */	((P2 *)_this)->_3_6_sl = trpt->bup.ovals[0];
		;
		;
		ungrab_ints(trpt->bup.ovals, 2);
		goto R999;
;
		
	case 29: // STATE 59
		goto R999;
;
		;
		
	case 31: // STATE 61
		;
		((P2 *)_this)->r = trpt->bup.oval;
		;
		goto R999;
;
		;
		;
		;
		
	case 34: // STATE 65
		;
		p_restor(II);
		;
		;
		goto R999;

		 /* PROC reader */

	case 35: // STATE 1
		;
		((P1 *)_this)->n = trpt->bup.oval;
		;
		goto R999;
;
		;
		
	case 37: // STATE 8
		;
		((P1 *)_this)->_2_3_18_r1 = trpt->bup.ovals[5];
		((P1 *)_this)->_2_3_18_r0 = trpt->bup.ovals[4];
		((P1 *)_this)->_2_3_18_l = trpt->bup.ovals[3];
		((P1 *)_this)->_2_3_18_q = trpt->bup.ovals[2];
		((P1 *)_this)->_2_3_18_sl = trpt->bup.ovals[1];
		((P1 *)_this)->_2_3_18_g = trpt->bup.ovals[0];
		;
		ungrab_ints(trpt->bup.ovals, 6);
		goto R999;

	case 38: // STATE 10
		;
		((P1 *)_this)->_2_3_18_sl = trpt->bup.ovals[1];
		((P1 *)_this)->_2_3_18_g = trpt->bup.ovals[0];
		;
		ungrab_ints(trpt->bup.ovals, 2);
		goto R999;

	case 39: // STATE 12
		;
		((P1 *)_this)->_2_3_18_q = trpt->bup.oval;
		;
		goto R999;

	case 40: // STATE 13
		;
	/* 0 */	((P1 *)_this)->_2_3_18_g = trpt->bup.oval;
		;
		;
		goto R999;

	case 41: // STATE 18
		;
		((P1 *)_this)->_2_3_18_l = trpt->bup.oval;
		;
		goto R999;

	case 42: // STATE 19
		;
	/* 0 */	((P1 *)_this)->_2_3_18_q = trpt->bup.oval;
		;
		;
		goto R999;

	case 43: // STATE 24
		;
		((P1 *)_this)->_2_3_18_r0 = trpt->bup.oval;
		;
		goto R999;

	case 44: // STATE 25
		;
		((P1 *)_this)->_2_3_18_r1 = trpt->bup.oval;
		;
		goto R999;

	case 45: // STATE 26
		;
	/* 1 */	((P1 *)_this)->_2_3_18_q = trpt->bup.ovals[1];
	/* 0 */	((P1 *)_this)->_2_3_18_sl = trpt->bup.ovals[0];
		;
		;
		ungrab_ints(trpt->bup.ovals, 2);
		goto R999;
;
		
	case 46: // STATE 31
		goto R999;
;
		;
		
	case 48: // STATE 35
		;
		((P1 *)_this)->n = trpt->bup.ovals[1];
		((P1 *)_this)->r = trpt->bup.ovals[0];
		;
		ungrab_ints(trpt->bup.ovals, 3);
		goto R999;

	case 49: // STATE 41
		;
		p_restor(II);
		;
		;
		goto R999;

		 /* PROC writer */

	case 50: // STATE 1
		;
		((P0 *)_this)->k = trpt->bup.oval;
		;
		goto R999;

	case 51: // STATE 3
		;
		((P0 *)_this)->v = trpt->bup.oval;
		;
		goto R999;

	case 52: // STATE 4
		;
		now.waiting = trpt->bup.oval;
		;
		goto R999;

	case 53: // STATE 6
		;
		now.owner = trpt->bup.oval;
		;
		goto R999;
;
		;
		
	case 55: // STATE 14
		;
		((P0 *)_this)->o = trpt->bup.oval;
		;
		goto R999;

	case 56: // STATE 17
		;
		now.owner = trpt->bup.ovals[1];
	/* 0 */	((P0 *)_this)->o = trpt->bup.ovals[0];
		;
		;
		ungrab_ints(trpt->bup.ovals, 2);
		goto R999;

	case 57: // STATE 20
		;
	/* 0 */	((P0 *)_this)->o = trpt->bup.oval;
		;
		;
		goto R999;

	case 58: // STATE 28
		;
		now.waiting = trpt->bup.oval;
		;
		goto R999;
;
		;
		
	case 60: // STATE 31
		;
		now.running = trpt->bup.ovals[1];
		now.dead[ Index(((P0 *)_this)->self, 3) ] = trpt->bup.ovals[0];
		;
		ungrab_ints(trpt->bup.ovals, 2);
		goto R999;

	case 61: // STATE 38
		;
		((P0 *)_this)->t = trpt->bup.ovals[1];
		((P0 *)_this)->g = trpt->bup.ovals[0];
		;
		ungrab_ints(trpt->bup.ovals, 2);
		goto R999;
;
		;
		
	case 63: // STATE 42
		;
		now.running = trpt->bup.ovals[1];
		now.dead[ Index(((P0 *)_this)->self, 3) ] = trpt->bup.ovals[0];
		;
		ungrab_ints(trpt->bup.ovals, 2);
		goto R999;

	case 64: // STATE 48
		;
		((P0 *)_this)->s = trpt->bup.oval;
		;
		goto R999;
;
		;
		
	case 66: // STATE 51
		;
		now.running = trpt->bup.ovals[1];
		now.dead[ Index(((P0 *)_this)->self, 3) ] = trpt->bup.ovals[0];
		;
		ungrab_ints(trpt->bup.ovals, 2);
		goto R999;

	case 67: // STATE 57
		;
		now.seq[ Index(((P0 *)_this)->t, 2) ] = trpt->bup.oval;
		;
		goto R999;
;
		;
		
	case 69: // STATE 60
		;
		now.running = trpt->bup.ovals[1];
		now.dead[ Index(((P0 *)_this)->self, 3) ] = trpt->bup.ovals[0];
		;
		ungrab_ints(trpt->bup.ovals, 2);
		goto R999;

	case 70: // STATE 66
		;
		now.d0[ Index(((P0 *)_this)->t, 2) ] = trpt->bup.oval;
		;
		goto R999;
;
		;
		
	case 72: // STATE 69
		;
		now.running = trpt->bup.ovals[1];
		now.dead[ Index(((P0 *)_this)->self, 3) ] = trpt->bup.ovals[0];
		;
		ungrab_ints(trpt->bup.ovals, 2);
		goto R999;

	case 73: // STATE 75
		;
		now.d1[ Index(((P0 *)_this)->t, 2) ] = trpt->bup.oval;
		;
		goto R999;
;
		;
		
	case 75: // STATE 78
		;
		now.running = trpt->bup.ovals[1];
		now.dead[ Index(((P0 *)_this)->self, 3) ] = trpt->bup.ovals[0];
		;
		ungrab_ints(trpt->bup.ovals, 2);
		goto R999;

	case 76: // STATE 84
		;
		now.slen[ Index(((P0 *)_this)->t, 2) ] = trpt->bup.oval;
		;
		goto R999;
;
		;
		
	case 78: // STATE 87
		;
		now.running = trpt->bup.ovals[1];
		now.dead[ Index(((P0 *)_this)->self, 3) ] = trpt->bup.ovals[0];
		;
		ungrab_ints(trpt->bup.ovals, 2);
		goto R999;

	case 79: // STATE 93
		;
		now.seq[ Index(((P0 *)_this)->t, 2) ] = trpt->bup.oval;
		;
		goto R999;
;
		;
		
	case 81: // STATE 96
		;
		now.running = trpt->bup.ovals[1];
		now.dead[ Index(((P0 *)_this)->self, 3) ] = trpt->bup.ovals[0];
		;
		ungrab_ints(trpt->bup.ovals, 2);
		goto R999;

	case 82: // STATE 104
		;
		now.lastpub = trpt->bup.ovals[2];
		now.pubidx[ Index(((P0 *)_this)->v, 3) ] = trpt->bup.ovals[1];
		now.gen = trpt->bup.ovals[0];
		;
		ungrab_ints(trpt->bup.ovals, 3);
		goto R999;
;
		;
		
	case 84: // STATE 108
		;
		now.running = trpt->bup.ovals[1];
		now.dead[ Index(((P0 *)_this)->self, 3) ] = trpt->bup.ovals[0];
		;
		ungrab_ints(trpt->bup.ovals, 2);
		goto R999;

	case 85: // STATE 114
		;
		now.owner = trpt->bup.oval;
		;
		goto R999;
;
		;
		
	case 87: // STATE 117
		;
		now.running = trpt->bup.ovals[1];
		now.dead[ Index(((P0 *)_this)->self, 3) ] = trpt->bup.ovals[0];
		;
		ungrab_ints(trpt->bup.ovals, 2);
		goto R999;

	case 88: // STATE 123
		;
		((P0 *)_this)->k = trpt->bup.oval;
		;
		goto R999;

	case 89: // STATE 123
		;
		((P0 *)_this)->k = trpt->bup.oval;
		;
		goto R999;

	case 90: // STATE 130
		;
		now.running = trpt->bup.ovals[1];
		now.done[ Index(((P0 *)_this)->self, 3) ] = trpt->bup.ovals[0];
		;
		ungrab_ints(trpt->bup.ovals, 2);
		goto R999;

	case 91: // STATE 133
		;
		p_restor(II);
		;
		;
		goto R999;
	}

